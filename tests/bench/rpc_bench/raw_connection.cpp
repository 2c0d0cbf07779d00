#include "raw_connection.hpp"

#include <amqp_tcp_socket.h>

#include <stdexcept>
#include <vector>

namespace cambio::bench::raw {
namespace {

std::string failure_text(const amqp_rpc_reply_t& r) {
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) return amqp_error_string2(r.library_error);
  if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION) {
    return "broker closed the channel or connection (method " + std::to_string(r.reply.id) + ")";
  }
  return "no reply";
}

}  // namespace

void check(const amqp_rpc_reply_t& r, const char* what) {
  if (r.reply_type != AMQP_RESPONSE_NORMAL) {
    throw std::runtime_error(std::string("raw echo: ") + what + ": " + failure_text(r));
  }
}

void check_status(int status, const char* what) {
  if (status != AMQP_STATUS_OK) {
    throw std::runtime_error(std::string("raw echo: ") + what + ": " + amqp_error_string2(status));
  }
}

connection::connection(const std::string& url, const char* name) : conn_(amqp_new_connection()) {
  std::vector<char> buffer(url.begin(), url.end());
  buffer.push_back('\0');
  amqp_connection_info info{};
  if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) {
    amqp_destroy_connection(conn_);
    throw std::invalid_argument("raw echo: bad AMQP URL");
  }
  try {
    auto* socket = amqp_tcp_socket_new(conn_);
    if (socket == nullptr) throw std::runtime_error("raw echo: cannot create a socket");
    check_status(amqp_socket_open(socket, info.host, info.port), "connect");
    amqp_table_entry_t entry;
    entry.key = amqp_cstring_bytes("connection_name");
    entry.value.kind = AMQP_FIELD_KIND_UTF8;
    entry.value.value.bytes = amqp_cstring_bytes(name);
    const amqp_table_t properties{1, &entry};
    check(amqp_login_with_properties(conn_, info.vhost, 0, 131072, 0, &properties,
                                     AMQP_SASL_METHOD_PLAIN, info.user, info.password),
          "login");
    amqp_channel_open(conn_, k_channel);
    check(amqp_get_rpc_reply(conn_), "channel.open");
  } catch (...) {
    amqp_destroy_connection(conn_);
    throw;
  }
}

connection::~connection() {
  amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(conn_);
}

void connection::consume_afresh(std::string_view queue, std::uint16_t prefetch) {
  amqp_queue_purge(conn_, k_channel, bytes(queue));
  check(amqp_get_rpc_reply(conn_), "queue.purge");
  amqp_basic_qos(conn_, k_channel, 0, prefetch, false);
  check(amqp_get_rpc_reply(conn_), "basic.qos");
  amqp_basic_consume(conn_, k_channel, bytes(queue), amqp_empty_bytes, false, false, false,
                     amqp_empty_table);
  check(amqp_get_rpc_reply(conn_), "basic.consume");
}

bool connection::next(amqp_envelope_t& envelope, const timeval& timeout) {
  amqp_maybe_release_buffers(conn_);
  const auto r = amqp_consume_message(conn_, &envelope, &timeout, 0);
  if (r.reply_type == AMQP_RESPONSE_NORMAL) return true;
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) {
    return false;
  }
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
      r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
    amqp_frame_t frame;
    timeval zero{0, 0};
    check_status(amqp_simple_wait_frame_noblock(conn_, &frame, &zero), "read frame");
    if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
      return false;
    }
    throw std::runtime_error("raw echo: unexpected frame (method " +
                             std::to_string(frame.payload.method.id) + ")");
  }
  throw std::runtime_error("raw echo: consume: " + failure_text(r));
}

}  // namespace cambio::bench::raw
