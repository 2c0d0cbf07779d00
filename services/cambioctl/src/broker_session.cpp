#include "cambioctl/broker_session.hpp"

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <sys/time.h>

#include <string>

#include "cambio/log.hpp"

namespace cambio::cambioctl {
namespace {

const auto& logger() {
  static const auto l = cambio::log::get("cambioctl.broker");
  return l;
}

amqp_bytes_t bytes(std::string_view text) {
  return {text.size(), const_cast<char*>(text.data())};  // rabbitmq-c takes non-const, never writes
}

std::string text(amqp_bytes_t b) { return {static_cast<const char*>(b.bytes), b.len}; }

timeval to_timeval(std::chrono::milliseconds ms) {
  if (ms.count() < 1) ms = std::chrono::milliseconds(1);
  return {static_cast<time_t>(ms.count() / 1000),
          static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// Frees a message read with amqp_read_message whatever happens next.
struct message_guard {
  amqp_message_t message{};
  bool read = false;
  ~message_guard() {
    if (read) amqp_destroy_message(&message);
  }
};

}  // namespace

struct broker_session::impl {
  amqp_connection_state_t conn = nullptr;
  amqp_channel_t channel = 0;       // the open channel (0: none)
  amqp_channel_t last_channel = 0;  // channels are never reused within a session
  std::chrono::milliseconds timeout;
  std::uint64_t next_publish = 1;  // the delivery tag the broker will confirm next on `channel`

  explicit impl(std::chrono::milliseconds t) : timeout(t) {}

  ~impl() {
    if (conn == nullptr) return;
    if (channel != 0) amqp_channel_close(conn, channel, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
  }

  // Throws broker_error for anything but a normal reply. A channel closed by the broker (a missing
  // queue, ...) is acknowledged and replaced, so the session stays usable.
  void check(const amqp_rpc_reply_t& reply, const std::string& what) {
    switch (reply.reply_type) {
      case AMQP_RESPONSE_NORMAL:
        return;
      case AMQP_RESPONSE_NONE:
        throw broker_error(what + ": no reply from the broker");
      case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        throw broker_error(what + ": " + amqp_error_string2(reply.library_error));
      case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
          const auto* close = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
          const auto message = what + ": " + text(close->reply_text);
          amqp_channel_close_ok_t ok{};
          amqp_send_method(conn, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
          channel = 0;
          open_channel();
          throw broker_error(message);
        }
        if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
          const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
          throw broker_error(what +
                             ": the broker closed the connection: " + text(close->reply_text));
        }
        throw broker_error(what + ": unexpected answer from the broker");
    }
    throw broker_error(what + ": unexpected reply type");
  }

  void open_channel() {
    channel = ++last_channel;
    amqp_channel_open(conn, channel);
    check(amqp_get_rpc_reply(conn), "opening a channel");
    amqp_confirm_select(conn, channel);
    check(amqp_get_rpc_reply(conn), "enabling publisher confirms");
    next_publish = 1;
  }

  // Waits for the broker's confirm of the publish `tag` to `queue`; throws if it was returned
  // (no such queue), refused, or not confirmed in time.
  void wait_confirm(std::uint64_t tag, std::string_view queue) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    bool returned = false;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw broker_error("no confirm from the broker in time");
      auto tv = to_timeval(left);
      amqp_frame_t frame{};
      const int rc = amqp_simple_wait_frame_noblock(conn, &frame, &tv);
      if (rc == AMQP_STATUS_TIMEOUT) throw broker_error("no confirm from the broker in time");
      if (rc != AMQP_STATUS_OK)
        throw broker_error(std::string("waiting for the confirm: ") + amqp_error_string2(rc));
      if (frame.frame_type != AMQP_FRAME_METHOD) continue;
      switch (frame.payload.method.id) {
        case AMQP_BASIC_RETURN_METHOD: {
          returned = true;
          message_guard back;
          check(amqp_read_message(conn, frame.channel, &back.message, 0),
                "reading a returned message");
          back.read = true;
          break;
        }
        case AMQP_BASIC_ACK_METHOD: {
          const auto* ack = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
          if (ack->delivery_tag < tag && !(ack->multiple && ack->delivery_tag >= tag)) break;
          if (returned) throw broker_error("no queue '" + std::string(queue) + "' to move to");
          return;
        }
        case AMQP_BASIC_NACK_METHOD:
          throw broker_error("the broker refused the message (nack)");
        case AMQP_CHANNEL_CLOSE_METHOD: {
          const auto* close =
              static_cast<const amqp_channel_close_t*>(frame.payload.method.decoded);
          const auto message = "the broker closed the channel: " + text(close->reply_text);
          amqp_channel_close_ok_t ok{};
          amqp_send_method(conn, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
          channel = 0;
          open_channel();
          throw broker_error(message);
        }
        case AMQP_CONNECTION_CLOSE_METHOD:
          throw broker_error("the broker closed the connection");
        default:
          break;
      }
    }
  }
};

broker_session::broker_session(const amqp_endpoint& endpoint, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>(timeout)) {
  auto& s = *impl_;
  const auto where = endpoint.host + ":" + std::to_string(endpoint.port);
  s.conn = amqp_new_connection();
  if (s.conn == nullptr) throw broker_error("out of memory");
  auto* socket = amqp_tcp_socket_new(s.conn);
  if (socket == nullptr) throw broker_error("cannot create a socket");
  auto tv = to_timeval(timeout);
  if (const int rc = amqp_socket_open_noblock(socket, endpoint.host.c_str(), endpoint.port, &tv);
      rc != AMQP_STATUS_OK) {
    throw broker_error("cannot connect to the broker at " + where + ": " + amqp_error_string2(rc));
  }
  amqp_set_rpc_timeout(s.conn, &tv);
  s.check(amqp_login(s.conn, endpoint.vhost.c_str(), 0, 131072, 0, AMQP_SASL_METHOD_PLAIN,
                     endpoint.user.c_str(), endpoint.password.c_str()),
          "logging in to " + where + " vhost '" + endpoint.vhost + "' as '" + endpoint.user + "'");
  s.open_channel();
  logger()->debug("connected to {} vhost '{}'", where, endpoint.vhost);
}

broker_session::~broker_session() = default;

std::optional<std::uint32_t> broker_session::message_count(std::string_view queue) {
  auto& s = *impl_;
  const auto* ok =
      amqp_queue_declare(s.conn, s.channel, bytes(queue), 1, 0, 0, 0, amqp_empty_table);
  const auto reply = amqp_get_rpc_reply(s.conn);
  if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
      reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD &&
      static_cast<const amqp_channel_close_t*>(reply.reply.decoded)->reply_code == AMQP_NOT_FOUND) {
    try {
      s.check(reply, "");
    } catch (const broker_error&) {  // the channel is replaced; the queue just does not exist
    }
    return std::nullopt;
  }
  s.check(reply, "looking up queue '" + std::string(queue) + "'");
  return ok->message_count;
}

bool broker_session::move_one(std::string_view from, std::string_view to) {
  auto& s = *impl_;
  const auto got = amqp_basic_get(s.conn, s.channel, bytes(from), 0);
  s.check(got, "taking a message from '" + std::string(from) + "'");
  if (got.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) return false;
  const auto tag = static_cast<const amqp_basic_get_ok_t*>(got.reply.decoded)->delivery_tag;
  const auto channel = s.channel;
  try {
    message_guard m;
    s.check(amqp_read_message(s.conn, s.channel, &m.message, 0), "reading a message");
    m.read = true;
    if (const int rc = amqp_basic_publish(s.conn, s.channel, amqp_empty_bytes, bytes(to), 1, 0,
                                          &m.message.properties, m.message.body);
        rc != AMQP_STATUS_OK) {
      throw broker_error(std::string("publishing to '") + std::string(to) +
                         "': " + amqp_error_string2(rc));
    }
    s.wait_confirm(s.next_publish++, to);
  } catch (const broker_error&) {
    // Put the message back now rather than when the connection closes (a replaced channel has
    // already returned it to the queue).
    if (s.channel == channel) amqp_basic_reject(s.conn, channel, tag, 1);
    throw;
  }
  if (const int rc = amqp_basic_ack(s.conn, s.channel, tag, 0); rc != AMQP_STATUS_OK) {
    throw broker_error(std::string("acknowledging the moved message: ") + amqp_error_string2(rc));
  }
  amqp_maybe_release_buffers(s.conn);
  return true;
}

std::uint32_t broker_session::purge(std::string_view queue) {
  auto& s = *impl_;
  const auto* ok = amqp_queue_purge(s.conn, s.channel, bytes(queue));
  s.check(amqp_get_rpc_reply(s.conn), "purging '" + std::string(queue) + "'");
  return ok->message_count;
}

}  // namespace cambio::cambioctl
