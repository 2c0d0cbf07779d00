#include "rmqrpc/client.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "amqp_link.hpp"
#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "envelope.hpp"
#include "handoff.hpp"
#include "ids.hpp"
#include "rmqrpc/server.hpp"

namespace rmqrpc {
namespace {

namespace asio = boost::asio;
constexpr amqp_channel_t k_channel = 1;  // requests, events and the direct reply-to consumer
constexpr std::string_view k_reply_to = "amq.rabbitmq.reply-to";

const auto& logger() {
  static const auto l = cambio::log::get("rmqrpc.client");
  return l;
}

}  // namespace

const nlohmann::json& outcome::value() const {
  if (failure) throw *failure;
  return result;
}

struct client::impl {
  using steady = std::chrono::steady_clock;
  // Deadline → correlation id of every call in flight; one timer is armed for the earliest.
  using expiry_map = std::multimap<steady::time_point, std::string>;

  struct pending {
    std::string target;  // queue, or the routing key of an event
    std::function<void(outcome)> done;
    steady::time_point started;
    bool is_event = false;
    std::optional<expiry_map::iterator> expiry;
  };
  // A request or event on its way from a caller's thread to the I/O thread.
  struct outgoing {
    std::string target;
    std::string body;
    clock::time_point deadline;
    std::string request_id;
    std::string message_id;
    bool is_event = false;
    std::function<void(outcome)> done;
  };
  struct target_metrics {
    cambio::metrics::histogram* latency;
    std::map<std::string, cambio::metrics::counter*> outcomes;
  };

  impl(client_settings s, cambio::metrics::registry& m)
      : settings(std::move(s)),
        metrics(m),
        link(settings.connection, "client",
             {[this] { on_connected(); }, [this](const std::string& why) { on_disconnected(why); },
              [this](const detail::inbound& in) { on_reply(in); },
              [this](const detail::inbound& in) { on_return(in); },
              [this](amqp_channel_t, std::uint64_t tag, bool multiple, bool ack) {
                on_confirm(tag, multiple, ack);
              }},
             m) {}

  void start() {
    std::call_once(started, [this] { link.start(); });
  }

  // ---- I/O thread ----

  void on_connected() {
    link.open_channel(k_channel);
    link.confirm_select(k_channel);
    link.declare_exchange(events_exchange, "topic");
    link.consume(k_channel, k_reply_to, true);
  }

  void on_disconnected(const std::string& why) {
    auto failed = std::move(calls);
    calls.clear();
    unconfirmed.clear();
    for (auto& [id, p] : failed) {
      complete(p, {nullptr,
                   detail::transport_error(errc::unavailable, "broker connection " + why +
                                                                  " during call to " + p.target)});
    }
  }

  void on_reply(const detail::inbound& in) {
    const auto id = detail::property(in.properties->correlation_id, in.properties->_flags,
                                     AMQP_BASIC_CORRELATION_ID_FLAG);
    finish(id, detail::parse_reply(in.body));
  }

  void on_return(const detail::inbound& in) {
    const auto id = detail::property(in.properties->correlation_id, in.properties->_flags,
                                     AMQP_BASIC_CORRELATION_ID_FLAG);
    finish(id, {nullptr, detail::transport_error(errc::unavailable,
                                                 "no queue '" + std::string(in.routing_key) +
                                                     "' (nothing serves it)")});
  }

  void on_confirm(std::uint64_t tag, bool multiple, bool ack) {
    auto end = multiple ? unconfirmed.upper_bound(tag) : unconfirmed.find(tag);
    auto begin = multiple ? unconfirmed.begin() : end;
    if (!multiple) {
      if (end == unconfirmed.end()) return;
      ++end;
    }
    std::vector<std::string> ids;
    for (auto it = begin; it != end; ++it) ids.push_back(it->second);
    unconfirmed.erase(begin, end);
    for (const auto& id : ids) {
      auto it = calls.find(id);
      if (it == calls.end()) continue;
      if (!ack) {
        finish(id, {nullptr, detail::transport_error(errc::unavailable,
                                                     "broker refused the message (nack)")});
      } else if (it->second.is_event) {
        finish(id, {nullptr, std::nullopt});
      }
    }
  }

  void finish(const std::string& id, outcome result) {
    auto it = calls.find(id);
    if (it == calls.end()) return;  // late reply after a deadline, or a confirm of a call
    auto p = std::move(it->second);
    calls.erase(it);
    complete(p, std::move(result));
  }

  void complete(pending& p, outcome result) {
    if (p.expiry) expiries.erase(*p.expiry);
    record(p, result);
    try {
      p.done(std::move(result));
    } catch (const std::exception& e) {
      logger()->error("completion of a call to {} threw: {}", p.target, e.what());
    }
  }

  void record(const pending& p, const outcome& result) {
    auto& m = metrics_of(p.target);
    const std::string label = result.ok() ? "ok" : std::string(to_string(result.failure->code()));
    auto& counter = m.outcomes[label];
    if (counter == nullptr) {
      counter = &metrics.counter("rmqrpc_client_calls_total", "Calls and publishes by outcome",
                                 {{"queue", p.target}, {"outcome", label}});
    }
    counter->inc();
    m.latency->observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - p.started).count());
  }

  target_metrics& metrics_of(const std::string& target) {
    auto it = per_target.find(target);
    if (it != per_target.end()) return it->second;
    auto& m = per_target[target];
    m.latency = &metrics.histogram("rmqrpc_client_duration_seconds",
                                   "Call latency as seen by the caller", {{"queue", target}});
    return m;
  }

  void arm_expiry(steady::time_point at) {
    armed_for = at;
    expiry_timer.expires_at(at);  // cancels the wait for a later deadline
    expiry_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) expire();
    });
  }

  // Fails every call whose deadline has passed, then waits for the next deadline.
  void expire() {
    armed_for = steady::time_point::max();
    while (!expiries.empty() && expiries.begin()->first <= steady::now()) {
      const auto id = expiries.begin()->second;
      const auto it = calls.find(id);
      if (it == calls.end()) {  // cannot happen: completing a call removes its entry
        expiries.erase(expiries.begin());
        continue;
      }
      finish(id, {nullptr, detail::transport_error(
                               errc::deadline_exceeded,
                               "no reply from " + it->second.target + " before the deadline")});
    }
    if (!expiries.empty()) arm_expiry(expiries.begin()->first);
  }

  // Publishes a request or event; `done` completes on reply, confirm, failure or deadline.
  void send(std::string target, std::string body, call_options options, bool is_event,
            std::function<void(outcome)> done) {
    start();
    const auto now = clock::now();
    // A timeout, the default one when neither is given; a deadline alone stands as it is; with
    // both, the earlier wins.
    auto deadline = options.timeout.count() > 0 ? now + options.timeout
                    : options.deadline          ? *options.deadline
                                                : now + settings.default_timeout;
    if (options.deadline && *options.deadline < deadline) deadline = *options.deadline;
    auto request_id = !options.request_id.empty() ? std::move(options.request_id)
                      : !cambio::log::current_request_id().empty()
                          ? cambio::log::current_request_id()
                          : detail::new_uuid();
    auto message_id =
        options.message_id.empty() ? detail::new_uuid() : std::move(options.message_id);

    if (outbox.push({std::move(target), std::move(body), deadline, std::move(request_id),
                     std::move(message_id), is_event, std::move(done)})) {
      asio::post(link.io(), [this] { publish_outbox(); });
    }
  }

  // I/O thread: publishes every message handed over since the last turn; a batch leaves in full
  // TCP segments, which the broker reads together.
  void publish_outbox() {
    auto batch = outbox.take();
    detail::amqp_link::output_batch held(link, batch.size());
    for (auto& o : batch) publish(o);
  }

  void publish(outgoing& o) {
    pending p{o.target, std::move(o.done), steady::now(), o.is_event, std::nullopt};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(o.deadline - clock::now());
    if (left.count() <= 0) {
      return complete(
          p, {nullptr, detail::transport_error(errc::deadline_exceeded,
                                               "deadline passed before sending to " + o.target)});
    }
    if (!link.connected()) {
      return complete(
          p, {nullptr, detail::transport_error(errc::unavailable, "not connected to the broker")});
    }
    const auto correlation_id = detail::new_uuid();
    const auto expiration = std::to_string(left.count());
    const auto deadline_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(o.deadline.time_since_epoch())
            .count();
    std::array<amqp_table_entry_t, 3> headers{};
    headers[0].key = amqp_cstring_bytes("x-deadline");
    headers[0].value.kind = AMQP_FIELD_KIND_I64;
    headers[0].value.value.i64 = deadline_ms;
    headers[1].key = amqp_cstring_bytes("x-request-id");
    headers[1].value.kind = AMQP_FIELD_KIND_UTF8;
    headers[1].value.value.bytes = detail::bytes(o.request_id);
    headers[2].key = amqp_cstring_bytes("x-caller");
    headers[2].value.kind = AMQP_FIELD_KIND_UTF8;
    headers[2].value.value.bytes = detail::bytes(settings.connection.name);

    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
                   AMQP_BASIC_HEADERS_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    // Events are durable work; a request lives only until its deadline and is not worth a disk
    // write.
    props.delivery_mode = o.is_event ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
    props.correlation_id = detail::bytes(correlation_id);
    props.message_id = detail::bytes(o.message_id);
    props.headers = amqp_table_t{static_cast<int>(headers.size()), headers.data()};
    if (!o.is_event) {
      props._flags |= AMQP_BASIC_REPLY_TO_FLAG | AMQP_BASIC_EXPIRATION_FLAG;
      props.reply_to = detail::bytes(k_reply_to);
      props.expiration = detail::bytes(expiration);
    }

    const auto expires = steady::now() + left;
    p.expiry = expiries.emplace(expires, correlation_id);
    if (expires < armed_for) arm_expiry(expires);
    calls.emplace(correlation_id, std::move(p));
    try {
      const auto seq =
          o.is_event ? link.publish(k_channel, events_exchange, o.target, props, o.body, false)
                     : link.publish(k_channel, "", o.target, props, o.body, true);
      unconfirmed.emplace(seq, correlation_id);
    } catch (const detail::link_failure& e) {
      link.fail(e.what());  // fails this call and all others with `unavailable`
    }
  }

  client_settings settings;
  cambio::metrics::registry& metrics;
  detail::handoff<outgoing> outbox;  // from the callers' threads to the I/O thread
  // I/O thread only:
  std::unordered_map<std::string, pending> calls;    // by correlation id
  std::map<std::uint64_t, std::string> unconfirmed;  // publish sequence number → correlation id
  std::unordered_map<std::string, target_metrics> per_target;
  expiry_map expiries;
  steady::time_point armed_for = steady::time_point::max();
  std::once_flag started;
  detail::amqp_link link;  // its thread is stopped (in ~client) before anything here goes
  asio::steady_timer expiry_timer{link.io()};
};

client::client(client_settings settings, cambio::metrics::registry& metrics)
    : impl_(std::make_unique<impl>(std::move(settings), metrics)) {}

client::~client() { impl_->link.stop(); }

nlohmann::json client::call(std::string_view queue, const nlohmann::json& params,
                            const call_options& options) {
  if (impl_->link.on_io_thread()) {
    throw std::logic_error("rmqrpc::client::call from the client's own I/O thread would deadlock");
  }
  return call_async(queue, params, options).get();
}

void client::call_async(std::string_view queue, nlohmann::json params, const call_options& options,
                        std::function<void(outcome)> done) {
  impl_->send(std::string(queue),
              params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), options, false,
              std::move(done));
}

std::future<nlohmann::json> client::call_async(std::string_view queue, nlohmann::json params,
                                               const call_options& options) {
  auto promise = std::make_shared<std::promise<nlohmann::json>>();
  auto future = promise->get_future();
  call_async(queue, std::move(params), options, [promise](outcome o) {
    if (o.ok()) {
      promise->set_value(std::move(o.result));
    } else {
      promise->set_exception(std::make_exception_ptr(*o.failure));
    }
  });
  return future;
}

void client::publish(std::string_view routing_key, const nlohmann::json& event,
                     const call_options& options) {
  if (impl_->link.on_io_thread()) {
    throw std::logic_error("rmqrpc::client::publish from the client's own I/O thread");
  }
  std::promise<outcome> promise;
  auto future = promise.get_future();
  impl_->send(std::string(routing_key),
              event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), options, true,
              [&promise](outcome o) { promise.set_value(std::move(o)); });
  future.get().value();
}

bool client::connected() const { return impl_->link.connected(); }

void client::start() { impl_->start(); }

bool client::wait_connected(std::chrono::milliseconds timeout) const {
  impl_->start();
  return impl_->link.wait_connected(timeout);
}

const client_settings& client::settings() const { return impl_->settings; }

}  // namespace rmqrpc
