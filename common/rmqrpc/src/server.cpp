#include "rmqrpc/server.hpp"

#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "amqp_link.hpp"
#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "envelope.hpp"
#include "handoff.hpp"
#include "ids.hpp"
#include "worker_pool.hpp"

namespace rmqrpc {
namespace {

namespace asio = boost::asio;
constexpr amqp_channel_t k_reply_channel = 1;    // topology and replies
constexpr amqp_channel_t k_forward_channel = 2;  // confirmed copies: dead letters, counted retries
constexpr amqp_channel_t k_first_consumer_channel = 3;

const auto& logger() {
  static const auto l = cambio::log::get("rmqrpc.server");
  return l;
}

// Header entries whose texts live as long as the builder.
class header_table {
 public:
  void text(const char* key, std::string value) {
    texts_.push_back(std::move(value));
    auto& e = entries_.emplace_back();
    e.key = amqp_cstring_bytes(key);
    e.value.kind = AMQP_FIELD_KIND_UTF8;
    e.value.value.bytes = detail::bytes(texts_.back());
  }
  void integer(const char* key, std::int64_t value) {
    auto& e = entries_.emplace_back();
    e.key = amqp_cstring_bytes(key);
    e.value.kind = AMQP_FIELD_KIND_I64;
    e.value.value.i64 = value;
  }
  amqp_table_t table() { return {static_cast<int>(entries_.size()), entries_.data()}; }

 private:
  std::deque<std::string> texts_;
  std::vector<amqp_table_entry_t> entries_;
};

amqp_table_t queue_type(amqp_table_entry_t& entry, const char* type) {
  entry.key = amqp_cstring_bytes("x-queue-type");
  entry.value.kind = AMQP_FIELD_KIND_UTF8;
  entry.value.value.bytes = amqp_cstring_bytes(type);
  return {1, &entry};
}

}  // namespace

std::string dead_letter_queue(std::string_view queue) { return std::string(queue) + ".dlq"; }

struct server::impl {
  struct endpoint {
    std::string queue;
    std::string binding_key;  // events only
    rmqrpc::handler handler;
    rmqrpc::event_handler event_handler;
    std::uint16_t prefetch = 0;
    std::string broadcast_queue;  // the instance's own queue of a broadcast subscription, else ""
    amqp_channel_t channel = 0;
    std::atomic<std::uint64_t> handled{0}, failed{0}, dead_lettered{0}, in_flight{0};
    cambio::metrics::histogram* latency = nullptr;
    cambio::metrics::counter* dead_letters = nullptr;
    cambio::metrics::counter* expired = nullptr;
    std::map<std::string, cambio::metrics::counter*> outcomes;  // I/O thread only

    bool is_event() const { return static_cast<bool>(event_handler); }
    bool is_broadcast() const { return !broadcast_queue.empty(); }
    // The queue declared and consumed on the broker.
    const std::string& consumed_queue() const { return is_broadcast() ? broadcast_queue : queue; }
  };

  // A delivery, copied out of rabbitmq-c's buffers.
  struct delivery {
    endpoint* ep;
    amqp_channel_t channel;
    std::uint64_t tag;
    std::uint64_t generation;
    std::string body, correlation_id, reply_to, message_id, request_id, caller;
    clock::time_point deadline;
    std::int64_t delivery_count = 0;
  };

  // What to do with a delivery once its handler has run.
  struct verdict {
    enum class action { reply_and_ack, ack, requeue, dead_letter } what = action::ack;
    std::string reply;  // reply body when there is someone to answer
    std::string outcome = "ok";
    std::string reason;  // dead-letter reason
  };

  impl(server_settings s, client& c, cambio::metrics::registry& m, const validator* v)
      : settings(std::move(s)),
        nested(c),
        metrics(m),
        schemas(v),
        workers(settings.workers),
        link(settings.connection, "server",
             {[this] { on_connected(); },
              [this](const std::string&) { connection.store(0, std::memory_order_release); },
              [this](const detail::inbound& in) { on_delivery(in); },
              {},
              [this](amqp_channel_t ch, std::uint64_t tag, bool multiple, bool ack) {
                on_forward_confirm(ch, tag, multiple, ack);
              }},
             m) {}

  endpoint& add(std::string queue) {
    if (started) throw std::logic_error("rmqrpc::server: register queues before start()");
    for (const auto& e : endpoints) {
      if (e->queue == queue) throw std::logic_error("queue registered twice: " + queue);
    }
    auto& ep = *endpoints.emplace_back(std::make_unique<endpoint>());
    ep.queue = std::move(queue);
    ep.channel = static_cast<amqp_channel_t>(k_first_consumer_channel + endpoints.size() - 1);
    ep.latency = &metrics.histogram("rmqrpc_server_duration_seconds", "Handler time per queue",
                                    {{"queue", ep.queue}});
    ep.dead_letters =
        &metrics.counter("rmqrpc_server_dead_letters_total",
                         "Messages moved to the dead-letter queue", {{"queue", ep.queue}});
    ep.expired = &metrics.counter("rmqrpc_server_expired_total",
                                  "Requests dropped unexecuted because their deadline had passed",
                                  {{"queue", ep.queue}});
    return ep;
  }

  // ---- I/O thread ----

  void on_connected() {
    forward_pending.clear();
    retrying.clear();
    parked.clear();  // delivered on the lost connection: the broker delivers them again
    link.open_channel(k_reply_channel);
    link.open_channel(k_forward_channel);
    link.confirm_select(k_forward_channel);
    link.declare_exchange(events_exchange, "topic");
    // Requests live only until their deadline: a classic durable queue of transient messages, with
    // no disk write per call. Events are durable work: quorum queues, as are the dead letters.
    amqp_table_entry_t classic_entry, quorum_entry;
    const auto classic = queue_type(classic_entry, "classic");
    const auto quorum = queue_type(quorum_entry, "quorum");
    for (auto& ep : endpoints) {
      if (ep->is_broadcast()) {
        link.declare_private_queue(ep->broadcast_queue);
      } else {
        link.declare_queue(ep->queue, ep->is_event() ? quorum : classic);
        link.declare_queue(dead_letter_queue(ep->queue), quorum);
      }
      if (ep->is_event()) link.bind_queue(ep->consumed_queue(), events_exchange, ep->binding_key);
    }
    if (stopping) return;
    for (auto& ep : endpoints) {
      link.open_channel(ep->channel);
      link.qos(ep->channel, ep->prefetch != 0 ? ep->prefetch : settings.prefetch);
      link.consume(ep->channel, ep->consumed_queue(), false);
    }
    connection.store(link.generation(), std::memory_order_release);
  }

  endpoint* endpoint_of(amqp_channel_t channel) {
    const auto i = static_cast<std::size_t>(channel - k_first_consumer_channel);
    return channel >= k_first_consumer_channel && i < endpoints.size() ? endpoints[i].get()
                                                                       : nullptr;
  }

  void on_delivery(const detail::inbound& in) {
    endpoint* ep = endpoint_of(in.channel);
    if (ep == nullptr) return;
    if (stopping) return link.reject(in.channel, in.delivery_tag, true);

    const auto& p = *in.properties;
    delivery d{ep,
               in.channel,
               in.delivery_tag,
               link.generation(),
               std::string(in.body),
               detail::property(p.correlation_id, p._flags, AMQP_BASIC_CORRELATION_ID_FLAG),
               detail::property(p.reply_to, p._flags, AMQP_BASIC_REPLY_TO_FLAG),
               detail::property(p.message_id, p._flags, AMQP_BASIC_MESSAGE_ID_FLAG),
               detail::header_string(p, "x-request-id").value_or(""),
               detail::header_string(p, "x-caller").value_or("unknown"),
               clock::time_point{},
               0};
    // Deliveries that did not complete before this one: quorum queues count them (events); for
    // request queues the count travels in the message (see `retry_counted`).
    d.delivery_count = ep->is_event() ? detail::header_int(p, "x-delivery-count").value_or(0)
                                      : detail::header_int(p, "x-cambio-attempts").value_or(0) +
                                            (in.redelivered ? 1 : 0);
    if (d.request_id.empty()) d.request_id = detail::new_uuid();
    if (const auto ms = detail::header_int(p, "x-deadline")) {
      d.deadline = clock::time_point(std::chrono::milliseconds(*ms));
    } else {
      d.deadline = clock::now() + nested.settings().default_timeout;  // a foreign caller
    }
    // The counted copy of a request whose original this process has not acknowledged yet: running
    // it now could crash the process before that ack and leave two copies. Wait for the ack.
    if (!in.redelivered && !d.message_id.empty() && retrying.count(d.message_id) != 0) {
      parked.emplace(d.message_id, std::move(d));
      return;
    }
    route(std::move(d), in.redelivered);
  }

  // Decides what becomes of a delivery: dead letter, dropped as expired, counted retry, or a
  // handler.
  void route(delivery d, bool redelivered) {
    endpoint* ep = d.ep;
    if (d.delivery_count >= settings.delivery_limit) {
      cambio::log::request_scope scope(d.request_id);
      logger()->error(
          "{}: {} earlier deliveries of this message did not complete; dead-lettering it",
          ep->queue, d.delivery_count);
      verdict v{verdict::action::dead_letter, {}, "dead_lettered", "delivery_limit"};
      if (!d.reply_to.empty()) {
        v.reply = detail::error_reply(error(errc::internal, "the request could not be processed"));
      }
      return apply(d, std::move(v));
    }
    if (!ep->is_event() && clock::now() >= d.deadline) {
      ep->expired->inc();
      cambio::log::request_scope scope(d.request_id);
      logger()->info("{}: request expired before it was executed; dropped", ep->queue);
      return apply(d, verdict{verdict::action::ack, {}, "expired", {}});
    }
    if (!ep->is_event() && redelivered) {
      cambio::log::request_scope scope(d.request_id);
      logger()->warn("{}: redelivered request (attempt {} of {}); requeued with its count",
                     ep->queue, d.delivery_count + 1, settings.delivery_limit);
      return guarded([&] { retry_counted(d); });
    }

    ++ep->in_flight;
    {
      std::lock_guard lock(idle_mutex);
      ++in_flight_total;
    }
    workers.post([this, d = std::move(d)]() mutable {
      auto v = execute(d);
      finished(std::move(d), std::move(v));
    });
  }

  // Worker side: hands an outcome to the I/O thread. Outcomes are batched: the I/O thread is woken
  // only when the batch goes from empty to not empty, so a burst of replies costs one wake-up.
  void finished(delivery d, verdict v) {
    if (outcomes.push({std::move(d), std::move(v)})) {
      asio::post(link.io(), [this] { apply_outcomes(); });
    }
  }

  // The batch's replies and acks leave in full TCP segments.
  void apply_outcomes() {
    auto batch = outcomes.take();
    {
      detail::amqp_link::output_batch held(link, batch.size());
      for (auto& [d, v] : batch) {
        --d.ep->in_flight;
        apply(d, std::move(v));
      }
    }
    {
      std::lock_guard lock(idle_mutex);
      in_flight_total -= batch.size();
    }
    idle.notify_all();
  }

  // Publishes the reply / dead letter and acknowledges, on the connection the delivery came from.
  void apply(const delivery& d, verdict v) {
    auto& ep = *d.ep;
    if (d.generation != link.generation() || !link.connected()) {
      logger()->warn(
          "{}: connection lost before the outcome of a message could be sent; the "
          "broker will redeliver it",
          ep.queue);
      return;
    }
    record(ep, v.outcome);
    try {
      if (!v.reply.empty() && !d.reply_to.empty()) publish_reply(d, v.reply);
      switch (v.what) {
        case verdict::action::reply_and_ack:
        case verdict::action::ack:
          link.ack(d.channel, d.tag);
          break;
        case verdict::action::requeue:
          link.reject(d.channel, d.tag, true);
          break;
        case verdict::action::dead_letter:
          dead_letter(d, v.reason);
          break;
      }
    } catch (const detail::link_failure& e) {
      link.fail(e.what());
    }
  }

  void record(endpoint& ep, const std::string& outcome) {
    ++ep.handled;
    if (outcome != "ok") ++ep.failed;
    auto& c = ep.outcomes[outcome];
    if (c == nullptr) {
      c = &metrics.counter("rmqrpc_server_requests_total", "Messages handled per queue and outcome",
                           {{"queue", ep.queue}, {"outcome", outcome}});
    }
    c->inc();
  }

  void publish_reply(const delivery& d, const std::string& body) {
    amqp_table_entry_t header;
    header.key = amqp_cstring_bytes("x-request-id");
    header.value.kind = AMQP_FIELD_KIND_UTF8;
    header.value.value.bytes = detail::bytes(d.request_id);
    amqp_basic_properties_t props{};
    props._flags =
        AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_HEADERS_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.correlation_id = detail::bytes(d.correlation_id);
    props.headers = amqp_table_t{1, &header};
    link.publish(k_reply_channel, "", d.reply_to, props, body, false);
  }

  // Runs a broker operation; a failure tears the connection down (the broker redelivers).
  template <typename F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const detail::link_failure& e) {
      link.fail(e.what());
    }
  }

  // Moves the message to <queue>.dlq.
  void dead_letter(const delivery& d, const std::string& reason) {
    ++d.ep->dead_lettered;
    d.ep->dead_letters->inc();
    header_table headers;
    headers.text("x-cambio-dead-reason", reason);
    headers.text("x-cambio-original-queue", d.ep->queue);
    headers.text("x-request-id", d.request_id);
    headers.text("x-caller", d.caller);
    headers.text("x-cambio-deliveries", std::to_string(d.delivery_count));
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_HEADERS_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    props.message_id = detail::bytes(d.message_id);
    props.headers = headers.table();
    forward(d, dead_letter_queue(d.ep->queue), props);
  }

  // A classic queue does not count deliveries, so a redelivered request (its consumer died or lost
  // its connection while holding it) goes back to its queue as a copy that carries the count in
  // `x-cambio-attempts`; once the count reaches delivery_limit the copy is dead-lettered instead of
  // executed. This costs nothing on the normal path: only redeliveries are copied.
  void retry_counted(const delivery& d) {
    header_table headers;
    headers.integer("x-deadline", std::chrono::duration_cast<std::chrono::milliseconds>(
                                      d.deadline.time_since_epoch())
                                      .count());
    headers.text("x-request-id", d.request_id);
    headers.text("x-caller", d.caller);
    headers.integer("x-cambio-attempts", d.delivery_count);
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(d.deadline - clock::now()).count();
    const auto expiration = std::to_string(std::max<std::int64_t>(left, 1));
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
                   AMQP_BASIC_HEADERS_FLAG | AMQP_BASIC_EXPIRATION_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.message_id = detail::bytes(d.message_id);
    props.expiration = detail::bytes(expiration);
    props.headers = headers.table();
    if (!d.reply_to.empty()) {
      props._flags |= AMQP_BASIC_REPLY_TO_FLAG;
      props.reply_to = detail::bytes(d.reply_to);
    }
    if (!d.correlation_id.empty()) {
      props._flags |= AMQP_BASIC_CORRELATION_ID_FLAG;
      props.correlation_id = detail::bytes(d.correlation_id);
    }
    forward(d, d.ep->queue, props);
  }

  // Publishes a copy of the delivery to `queue`; the original is acknowledged once the broker has
  // confirmed the copy, so that a crash in between loses nothing.
  void forward(const delivery& d, const std::string& queue, const amqp_basic_properties_t& props) {
    const auto seq = link.publish(k_forward_channel, "", queue, props, d.body, false);
    const bool retry = queue == d.ep->queue;
    forward_pending.emplace(seq, forwarded{d.channel, d.tag, retry ? d.message_id : ""});
    if (retry && !d.message_id.empty()) retrying.insert(d.message_id);
  }

  void on_forward_confirm(amqp_channel_t ch, std::uint64_t seq, bool multiple, bool ack) {
    if (ch != k_forward_channel) return;
    auto end = multiple ? forward_pending.upper_bound(seq) : forward_pending.find(seq);
    auto begin = multiple ? forward_pending.begin() : end;
    if (!multiple) {
      if (end == forward_pending.end()) return;
      ++end;
    }
    std::vector<std::string> released;
    for (auto it = begin; it != end; ++it) {
      const auto& f = it->second;
      if (ack) {
        link.ack(f.channel, f.tag);
      } else {
        link.reject(f.channel, f.tag, true);  // the copy was not stored: keep the original
      }
      if (!f.retry_of.empty()) released.push_back(f.retry_of);
    }
    forward_pending.erase(begin, end);
    for (const auto& id : released) {
      retrying.erase(id);
      if (auto node = parked.extract(id)) route(std::move(node.mapped()), false);
    }
  }

  // ---- worker threads ----

  // A failed event is retried (and dead-lettered at the delivery limit), but a broadcast one is
  // dropped: its private queue has no dead-letter queue, and a cache refresh that fails now is
  // made good by the next event.
  static verdict::action event_failure(const endpoint& ep) {
    if (!ep.is_broadcast()) return verdict::action::requeue;
    logger()->warn("{}: broadcast event dropped after its handler failed", ep.queue);
    return verdict::action::ack;
  }

  verdict execute(const delivery& d) {
    auto& ep = *d.ep;
    cambio::log::request_scope scope(d.request_id);
    const auto reject = [&](error e, const char* what) {
      if (d.reply_to.empty()) {
        logger()->warn("{}: {} ({}) and no one to answer; dead-lettering it", ep.queue, what,
                       e.what());
        return verdict{verdict::action::dead_letter, {}, std::string(to_string(e.code())), what};
      }
      return verdict{verdict::action::reply_and_ack,
                     detail::error_reply(e),
                     std::string(to_string(e.code())),
                     {}};
    };

    if (!ep.is_event() && clock::now() >= d.deadline) {  // expired while waiting for a worker
      ep.expired->inc();
      logger()->info("{}: request expired before it was executed; dropped", ep.queue);
      return verdict{verdict::action::ack, {}, "expired", {}};
    }
    auto params = nlohmann::json::parse(d.body, nullptr, false);
    if (params.is_discarded()) {
      return reject(error(errc::invalid_argument, "the message body is not valid JSON"),
                    "malformed");
    }
    const auto schema = ep.is_event() ? ep.binding_key + ".event" : ep.queue + ".request";
    if (schemas != nullptr && (!ep.is_event() || schemas->has_schema(schema))) {
      auto violations = schemas->violations(schema, params);
      if (!violations.empty()) {
        std::string summary = violations.front();
        if (violations.size() > 1)
          summary += " (and " + std::to_string(violations.size() - 1) + " more)";
        return reject(error(errc::invalid_argument, "invalid request: " + summary,
                            {{"violations", violations}}),
                      "invalid");
      }
    }

    const auto deadline =
        ep.is_event() ? clock::now() + nested.settings().default_timeout : d.deadline;
    request req(params, ep.queue, d.request_id, d.caller, d.message_id, deadline, &nested);
    const auto began = std::chrono::steady_clock::now();
    verdict v;
    try {
      if (ep.is_event()) {
        ep.event_handler(req);
        v = {verdict::action::ack, {}, "ok", {}};
      } else {
        v = {verdict::action::reply_and_ack, detail::ok_reply(ep.handler(req)), "ok", {}};
      }
    } catch (const error& e) {
      if (e.code() == errc::internal || e.code() == errc::unavailable) {
        logger()->warn("{}: {}: {}", ep.queue, to_string(e.code()), e.what());
      }
      v = ep.is_event() ? verdict{event_failure(ep), {}, std::string(to_string(e.code())), {}}
                        : verdict{verdict::action::reply_and_ack,
                                  detail::error_reply(e),
                                  std::string(to_string(e.code())),
                                  {}};
    } catch (const std::exception& e) {
      logger()->error("{}: handler failed: {}", ep.queue, e.what());
      v = ep.is_event() ? verdict{event_failure(ep), {}, "internal", {}}
                        : verdict{verdict::action::reply_and_ack,
                                  detail::error_reply(error(errc::internal, "internal error")),
                                  "internal",
                                  {}};
    }
    ep.latency->observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    return v;
  }

  server_settings settings;
  client& nested;
  cambio::metrics::registry& metrics;
  const validator* schemas;
  std::deque<std::unique_ptr<endpoint>> endpoints;
  detail::worker_pool workers;
  bool started = false;
  bool stopped = false;
  bool stopping = false;  // I/O thread
  // connection_number(): link.generation() once consuming on it, 0 from the moment it is lost.
  std::atomic<std::uint64_t> connection{0};
  // Confirm sequence number of a forwarded copy → the delivery to acknowledge when it is confirmed.
  struct forwarded {
    amqp_channel_t channel;
    std::uint64_t tag;
    std::string retry_of;  // message id, for a counted retry
  };
  std::map<std::uint64_t, forwarded> forward_pending;
  std::unordered_set<std::string> retrying;          // message ids whose original awaits its ack
  std::unordered_map<std::string, delivery> parked;  // their copies, delivered meanwhile
  detail::handoff<std::pair<delivery, verdict>> outcomes;  // from the workers to the I/O thread
  std::mutex idle_mutex;
  std::condition_variable idle;
  std::size_t in_flight_total = 0;  // guarded by idle_mutex
  detail::amqp_link link;           // last: destroyed first
};

server::server(server_settings settings, client& nested, cambio::metrics::registry& metrics,
               const validator* schemas)
    : impl_(std::make_unique<impl>(std::move(settings), nested, metrics, schemas)) {}

server::~server() { stop(); }

void server::handle(std::string queue, handler h, queue_options options) {
  if (impl_->schemas != nullptr && !impl_->schemas->has_schema(queue + ".request")) {
    throw std::logic_error("no schema '" + queue + ".request' for queue " + queue +
                           " (add proto-schemas/" + queue + ".request.json)");
  }
  auto& ep = impl_->add(std::move(queue));
  ep.handler = std::move(h);
  ep.prefetch = options.prefetch;
}

void server::subscribe(std::string queue, std::string binding_key, event_handler h,
                       queue_options options) {
  auto& ep = impl_->add(std::move(queue));
  ep.binding_key = std::move(binding_key);
  ep.event_handler = std::move(h);
  ep.prefetch = options.prefetch;
  if (options.broadcast) ep.broadcast_queue = ep.queue + "." + detail::new_uuid().substr(0, 8);
}

void server::start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->nested.start();
  impl_->link.start();
}

void server::stop() {
  auto& d = *impl_;
  if (!d.started || d.stopped) return;
  d.stopped = true;
  std::promise<void> cancelled;
  asio::post(d.link.io(), [&] {
    d.stopping = true;
    try {
      d.link.cancel_consumers();
      d.link.pump();
    } catch (const detail::link_failure& e) {
      d.link.fail(e.what());
    }
    cancelled.set_value();
  });
  cancelled.get_future().wait();
  {
    std::unique_lock lock(d.idle_mutex);
    if (!d.idle.wait_for(lock, d.settings.stop_timeout, [&] { return d.in_flight_total == 0; })) {
      logger()->warn("stop: {} handlers still running after {} ms; closing anyway",
                     d.in_flight_total, d.settings.stop_timeout.count());
    }
  }
  d.link.stop();
  d.workers.join();
}

bool server::connected() const { return impl_->link.connected(); }

bool server::wait_connected(std::chrono::milliseconds timeout) const {
  return impl_->link.wait_connected(timeout);
}

std::uint64_t server::connection_number() const {
  return impl_->connection.load(std::memory_order_acquire);
}

std::vector<std::string> server::queues() const {
  std::vector<std::string> out;
  for (const auto& ep : impl_->endpoints) {
    if (!ep->is_event()) out.push_back(ep->queue);
  }
  return out;
}

std::vector<std::string> server::event_bindings() const {
  std::vector<std::string> out;
  for (const auto& ep : impl_->endpoints) {
    if (ep->is_event()) out.push_back(ep->binding_key);
  }
  return out;
}

std::vector<queue_stats> server::stats() const {
  std::vector<queue_stats> out;
  for (const auto& ep : impl_->endpoints) {
    out.push_back({ep->queue, ep->handled.load(), ep->failed.load(), ep->dead_lettered.load(),
                   ep->in_flight.load()});
  }
  return out;
}

}  // namespace rmqrpc
