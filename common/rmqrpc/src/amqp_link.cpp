#include "amqp_link.hpp"

#include <amqp_tcp_socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <future>
#include <vector>

#include "cambio/log.hpp"
#include "cambio/metrics.hpp"

namespace rmqrpc::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

const auto& logger() {
  static const auto l = cambio::log::get("rmqrpc.link");
  return l;
}

std::string reply_text(const amqp_rpc_reply_t& r) {
  switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return "ok";
    case AMQP_RESPONSE_NONE:
      return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return amqp_error_string2(r.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
        return "connection closed by broker: " + std::to_string(m->reply_code) + " " +
               std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
      }
      if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
        return "channel closed by broker: " + std::to_string(m->reply_code) + " " +
               std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
      }
      return "broker error (method " + std::to_string(r.reply.id) + ")";
  }
  return "unknown reply";
}

struct url_parts {
  std::string host;
  int port = 5672;
  std::string user, password, vhost;
};

url_parts parse_url(const std::string& url) {
  std::vector<char> buffer(url.begin(), url.end());
  buffer.push_back('\0');
  amqp_connection_info info{};
  amqp_default_connection_info(&info);
  if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) {
    throw std::invalid_argument("invalid AMQP URL (expected amqp://user:pass@host:port/vhost)");
  }
  return {info.host, info.port, info.user, info.password, info.vhost};
}

const amqp_table_entry_t* find_header(const amqp_basic_properties_t& p, std::string_view key) {
  if ((p._flags & AMQP_BASIC_HEADERS_FLAG) == 0) return nullptr;
  for (int i = 0; i < p.headers.num_entries; ++i) {
    const auto& e = p.headers.entries[i];
    if (std::string_view(static_cast<const char*>(e.key.bytes), e.key.len) == key) return &e;
  }
  return nullptr;
}

}  // namespace

std::string property(const amqp_bytes_t& b, amqp_flags_t flags, amqp_flags_t flag) {
  if ((flags & flag) == 0 || b.bytes == nullptr) return {};
  return std::string(static_cast<const char*>(b.bytes), b.len);
}

std::optional<std::string> header_string(const amqp_basic_properties_t& p, std::string_view key) {
  const auto* e = find_header(p, key);
  if (e == nullptr) return std::nullopt;
  if (e->value.kind == AMQP_FIELD_KIND_UTF8 || e->value.kind == AMQP_FIELD_KIND_BYTES) {
    return std::string(static_cast<const char*>(e->value.value.bytes.bytes),
                       e->value.value.bytes.len);
  }
  return std::nullopt;
}

std::optional<std::int64_t> header_int(const amqp_basic_properties_t& p, std::string_view key) {
  const auto* e = find_header(p, key);
  if (e == nullptr) return std::nullopt;
  const auto& v = e->value;
  switch (v.kind) {
    case AMQP_FIELD_KIND_I8:
      return v.value.i8;
    case AMQP_FIELD_KIND_U8:
      return v.value.u8;
    case AMQP_FIELD_KIND_I16:
      return v.value.i16;
    case AMQP_FIELD_KIND_U16:
      return v.value.u16;
    case AMQP_FIELD_KIND_I32:
      return v.value.i32;
    case AMQP_FIELD_KIND_U32:
      return v.value.u32;
    case AMQP_FIELD_KIND_I64:
      return v.value.i64;
    case AMQP_FIELD_KIND_U64:
      return static_cast<std::int64_t>(v.value.u64);
    case AMQP_FIELD_KIND_UTF8:
    case AMQP_FIELD_KIND_BYTES:
      try {
        return std::stoll(
            std::string(static_cast<const char*>(v.value.bytes.bytes), v.value.bytes.len));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    default:
      return std::nullopt;
  }
}

amqp_link::amqp_link(connection_settings settings, std::string role, callbacks cb,
                     cambio::metrics::registry& metrics)
    : settings_(std::move(settings)),
      role_(std::move(role)),
      cb_(std::move(cb)),
      work_(asio::make_work_guard(io_)),
      socket_(io_),
      tick_(io_),
      reconnect_timer_(io_),
      connected_gauge_(metrics.gauge("rmqrpc_connected", "1 while the broker connection is up",
                                     {{"link", role_}})),
      reconnects_(metrics.counter("rmqrpc_reconnects_total", "Broker connections re-established",
                                  {{"link", role_}})),
      connect_failures_(metrics.counter("rmqrpc_connect_failures_total",
                                        "Attempts to connect or set up topology that failed",
                                        {{"link", role_}})) {
  parse_url(settings_.url);  // fail at construction on a bad URL
}

amqp_link::~amqp_link() { stop(); }

void amqp_link::start() {
  if (thread_.joinable()) return;
  asio::post(io_, [this] { connect(); });
  thread_ = std::thread([this] { io_.run(); });
}

void amqp_link::stop(std::function<void()> before_close) {
  if (!thread_.joinable()) return;
  std::promise<void> done;
  asio::post(io_, [&] {
    stopping_ = true;
    reconnect_timer_.cancel();
    tick_.cancel();
    if (conn_ != nullptr && connected_) {
      try {
        if (before_close) before_close();
        amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
      } catch (const std::exception& e) {
        logger()->warn("{}: error while closing: {}", role_, e.what());
      }
    }
    teardown();
    work_.reset();
    io_.stop();  // owners' timers (a call's deadline) may still be armed: do not wait for them
    done.set_value();
  });
  done.get_future().wait();
  thread_.join();
}

bool amqp_link::wait_connected(std::chrono::milliseconds timeout) {
  std::unique_lock lock(connected_mutex_);
  return connected_cv_.wait_for(lock, timeout, [this] { return connected(); });
}

void amqp_link::connect() {
  if (stopping_) return;
  try {
    open_connection();
  } catch (const std::exception& e) {
    logger()->warn("{}: cannot connect to broker ({}); retrying", role_, e.what());
    connect_failures_.inc();
    teardown();
    schedule_reconnect();
    return;
  }
  try {
    cb_.on_connected();
  } catch (const std::exception& e) {
    // Keeps backing off: a topology the broker refuses (say, a queue declared earlier with other
    // arguments) must not turn into a reconnect loop.
    connect_failures_.inc();
    fail(std::string("setup failed: ") + e.what());
    return;
  }
  // Connected means usable: topology declared, consumers running.
  {
    std::lock_guard lock(connected_mutex_);
    connected_.store(true, std::memory_order_release);
  }
  connected_cv_.notify_all();
  connected_gauge_.set(1);
  if (ever_connected_) reconnects_.inc();
  ever_connected_ = true;
  attempts_ = 0;
  logger()->info("{}: connected to broker", role_);
  pump();
}

void amqp_link::open_connection() {
  const auto url = parse_url(settings_.url);
  conn_ = amqp_new_connection();
  amqp_socket_t* sock = amqp_tcp_socket_new(conn_);
  if (sock == nullptr) throw link_failure("cannot create socket");
  const auto ms = settings_.connect_timeout.count();
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
  if (int rc = amqp_socket_open_noblock(sock, url.host.c_str(), url.port, &tv);
      rc != AMQP_STATUS_OK) {
    throw link_failure(std::string("cannot open socket: ") + amqp_error_string2(rc));
  }
  amqp_set_handshake_timeout(conn_, &tv);
  amqp_set_rpc_timeout(conn_, &tv);
  amqp_table_entry_t name_entry;
  name_entry.key = amqp_cstring_bytes("connection_name");
  name_entry.value.kind = AMQP_FIELD_KIND_UTF8;
  const auto conn_name = settings_.name + "/" + role_;
  name_entry.value.value.bytes = bytes(conn_name);
  amqp_table_t props{1, &name_entry};
  const auto login = amqp_login_with_properties(
      conn_, url.vhost.c_str(), 0, 131072, static_cast<int>(settings_.heartbeat.count()), &props,
      AMQP_SASL_METHOD_PLAIN, url.user.c_str(), url.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) throw link_failure("login: " + reply_text(login));
  ++generation_;
  publish_seq_.clear();
  consumers_.clear();
  socket_.assign(amqp_get_sockfd(conn_));
  arm_socket();
  schedule_tick();
}

void amqp_link::arm_socket() {
  socket_.async_wait(asio::posix::stream_descriptor::wait_read,
                     [this, gen = generation_](const boost::system::error_code& ec) {
                       if (ec || gen != generation_ || !connected_) return;
                       pump();
                       if (connected_ && gen == generation_) arm_socket();
                     });
}

// Heartbeats are sent and checked by rabbitmq-c only inside its own calls, so a tick drains the
// socket regularly even when nothing arrives. It also bounds the cost of a missed wake-up.
void amqp_link::schedule_tick() {
  const auto period = std::clamp<std::chrono::milliseconds>(settings_.heartbeat / 4, 100ms, 1000ms);
  tick_.expires_after(period);
  tick_.async_wait([this, gen = generation_](const boost::system::error_code& ec) {
    if (ec || gen != generation_ || !connected_) return;
    pump();
    if (connected_ && gen == generation_) schedule_tick();
  });
}

void amqp_link::schedule_reconnect() {
  if (stopping_) return;
  const auto cap = std::min<std::int64_t>(
      settings_.reconnect_max.count(), settings_.reconnect_min.count() << std::min(attempts_, 20));
  std::uniform_int_distribution<std::int64_t> jitter(settings_.reconnect_min.count() / 2,
                                                     std::max<std::int64_t>(cap, 1));
  const auto delay = std::chrono::milliseconds(jitter(rng_));
  ++attempts_;
  reconnect_timer_.expires_after(delay);
  reconnect_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) connect();
  });
}

void amqp_link::teardown() {
  const bool was_connected = connected_.exchange(false, std::memory_order_acq_rel);
  connected_gauge_.set(0);
  if (socket_.is_open()) socket_.release();
  tick_.cancel();
  if (conn_ != nullptr) {
    amqp_destroy_connection(conn_);
    conn_ = nullptr;
  }
  ++generation_;
  if (was_connected && cb_.on_disconnected) cb_.on_disconnected(stopping_ ? "stopping" : "lost");
}

void amqp_link::fail(const std::string& why) {
  if (conn_ == nullptr) return;
  logger()->warn("{}: broker connection lost ({}); reconnecting", role_, why);
  teardown();
  schedule_reconnect();
}

void amqp_link::check_rpc(const char* what) {
  const auto r = amqp_get_rpc_reply(conn_);
  if (r.reply_type != AMQP_RESPONSE_NORMAL) {
    throw link_failure(std::string(what) + ": " + reply_text(r));
  }
}

void amqp_link::open_channel(amqp_channel_t ch) {
  amqp_channel_open(conn_, ch);
  check_rpc("channel.open");
}

void amqp_link::confirm_select(amqp_channel_t ch) {
  amqp_confirm_select(conn_, ch);
  check_rpc("confirm.select");
  publish_seq_[ch] = 0;
}

void amqp_link::qos(amqp_channel_t ch, std::uint16_t prefetch) {
  amqp_basic_qos(conn_, ch, 0, prefetch, false);
  check_rpc("basic.qos");
}

void amqp_link::declare_exchange(std::string_view name, std::string_view type) {
  amqp_exchange_declare(conn_, 1, bytes(name), bytes(type), false, true, false, false,
                        amqp_empty_table);
  check_rpc("exchange.declare");
}

void amqp_link::declare_queue(std::string_view name, const amqp_table_t& arguments) {
  amqp_queue_declare(conn_, 1, bytes(name), false, true, false, false, arguments);
  check_rpc("queue.declare");
}

void amqp_link::declare_private_queue(std::string_view name) {
  amqp_queue_declare(conn_, 1, bytes(name), false, false, true, true, amqp_empty_table);
  check_rpc("queue.declare");
}

void amqp_link::bind_queue(std::string_view queue, std::string_view exchange,
                           std::string_view key) {
  amqp_queue_bind(conn_, 1, bytes(queue), bytes(exchange), bytes(key), amqp_empty_table);
  check_rpc("queue.bind");
}

void amqp_link::consume(amqp_channel_t ch, std::string_view queue, bool no_ack) {
  const auto* ok = amqp_basic_consume(conn_, ch, bytes(queue), amqp_empty_bytes, false, no_ack,
                                      false, amqp_empty_table);
  check_rpc("basic.consume");
  consumers_[ch] =
      std::string(static_cast<const char*>(ok->consumer_tag.bytes), ok->consumer_tag.len);
}

void amqp_link::cancel_consumers() {
  if (conn_ == nullptr || !connected_) return;
  for (const auto& [ch, tag] : consumers_) {
    amqp_basic_cancel(conn_, ch, bytes(tag));
    check_rpc("basic.cancel");
  }
  consumers_.clear();
}

std::uint64_t amqp_link::publish(amqp_channel_t ch, std::string_view exchange,
                                 std::string_view routing_key, const amqp_basic_properties_t& props,
                                 std::string_view body, bool mandatory) {
  const int rc = amqp_basic_publish(conn_, ch, bytes(exchange), bytes(routing_key), mandatory,
                                    false, &props, bytes(body));
  if (rc != AMQP_STATUS_OK) throw link_failure(std::string("publish: ") + amqp_error_string2(rc));
  const auto seq = publish_seq_.find(ch);
  return seq == publish_seq_.end() ? 0 : ++seq->second;
}

void amqp_link::hold_output(bool hold) {
  if (conn_ == nullptr) return;
  const int on = hold ? 1 : 0;
  ::setsockopt(amqp_get_sockfd(conn_), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

void amqp_link::ack(amqp_channel_t ch, std::uint64_t tag) {
  if (int rc = amqp_basic_ack(conn_, ch, tag, false); rc != AMQP_STATUS_OK) {
    throw link_failure(std::string("ack: ") + amqp_error_string2(rc));
  }
}

void amqp_link::reject(amqp_channel_t ch, std::uint64_t tag, bool requeue) {
  if (int rc = amqp_basic_reject(conn_, ch, tag, requeue); rc != AMQP_STATUS_OK) {
    throw link_failure(std::string("reject: ") + amqp_error_string2(rc));
  }
}

void amqp_link::pump() {
  const auto gen = generation_;
  try {
    while (conn_ != nullptr && gen == generation_) {
      amqp_maybe_release_buffers(conn_);
      amqp_envelope_t envelope;
      timeval zero{0, 0};
      const auto r = amqp_consume_message(conn_, &envelope, &zero, 0);
      if (r.reply_type == AMQP_RESPONSE_NORMAL) {
        inbound in{
            envelope.channel,
            envelope.delivery_tag,
            envelope.redelivered != 0,
            {static_cast<const char*>(envelope.routing_key.bytes), envelope.routing_key.len},
            &envelope.message.properties,
            {static_cast<const char*>(envelope.message.body.bytes), envelope.message.body.len}};
        try {
          cb_.on_delivery(in);
        } catch (...) {
          amqp_destroy_envelope(&envelope);
          throw;
        }
        amqp_destroy_envelope(&envelope);
        continue;
      }
      if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
          r.library_error == AMQP_STATUS_TIMEOUT) {
        return;  // drained
      }
      if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
          r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
        amqp_frame_t frame;
        if (int rc = amqp_simple_wait_frame_noblock(conn_, &frame, &zero); rc != AMQP_STATUS_OK) {
          throw link_failure(std::string("read frame: ") + amqp_error_string2(rc));
        }
        handle_frame(frame);
        continue;
      }
      throw link_failure(reply_text(r));
    }
  } catch (const std::exception& e) {
    if (gen == generation_) fail(e.what());
  }
}

void amqp_link::handle_frame(const amqp_frame_t& frame) {
  if (frame.frame_type != AMQP_FRAME_METHOD) return;  // heartbeats and stray content
  const auto& method = frame.payload.method;
  switch (method.id) {
    case AMQP_BASIC_ACK_METHOD: {
      const auto* m = static_cast<amqp_basic_ack_t*>(method.decoded);
      cb_.on_confirm(frame.channel, m->delivery_tag, m->multiple != 0, true);
      return;
    }
    case AMQP_BASIC_NACK_METHOD: {
      const auto* m = static_cast<amqp_basic_nack_t*>(method.decoded);
      cb_.on_confirm(frame.channel, m->delivery_tag, m->multiple != 0, false);
      return;
    }
    case AMQP_BASIC_RETURN_METHOD: {
      const auto* m = static_cast<amqp_basic_return_t*>(method.decoded);
      const std::string key(static_cast<const char*>(m->routing_key.bytes), m->routing_key.len);
      amqp_message_t message;
      const auto r = amqp_read_message(conn_, frame.channel, &message, 0);
      if (r.reply_type != AMQP_RESPONSE_NORMAL) throw link_failure("read returned message");
      inbound in{frame.channel,
                 0,
                 false,
                 key,
                 &message.properties,
                 {static_cast<const char*>(message.body.bytes), message.body.len}};
      try {
        if (cb_.on_return) cb_.on_return(in);
      } catch (...) {
        amqp_destroy_message(&message);
        throw;
      }
      amqp_destroy_message(&message);
      return;
    }
    case AMQP_CHANNEL_CLOSE_METHOD: {
      const auto* m = static_cast<amqp_channel_close_t*>(method.decoded);
      throw link_failure("channel " + std::to_string(frame.channel) +
                         " closed by broker: " + std::to_string(m->reply_code) + " " +
                         std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len));
    }
    case AMQP_CONNECTION_CLOSE_METHOD: {
      const auto* m = static_cast<amqp_connection_close_t*>(method.decoded);
      throw link_failure("connection closed by broker: " + std::to_string(m->reply_code) + " " +
                         std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len));
    }
    case AMQP_BASIC_CANCEL_METHOD:
      throw link_failure("consumer cancelled by broker (queue deleted?)");
    default:
      return;
  }
}

}  // namespace rmqrpc::detail
