#include "cambio/testing/raw_amqp.hpp"

#include <amqp_tcp_socket.h>

#include <stdexcept>
#include <vector>

namespace cambio::testing {
namespace {

amqp_bytes_t bytes(const std::string& s) { return {s.size(), const_cast<char*>(s.data())}; }
std::string text(amqp_bytes_t b) { return {static_cast<const char*>(b.bytes), b.len}; }

void check(amqp_rpc_reply_t r, const char* what) {
  if (r.reply_type != AMQP_RESPONSE_NORMAL)
    throw std::runtime_error(std::string("raw_amqp: ") + what);
}

raw_amqp::message to_message(const amqp_basic_properties_t& p, amqp_bytes_t body,
                             amqp_bytes_t routing_key) {
  raw_amqp::message m{text(body), {}, text(routing_key), {}};
  if (p._flags & AMQP_BASIC_CORRELATION_ID_FLAG) m.correlation_id = text(p.correlation_id);
  if (p._flags & AMQP_BASIC_HEADERS_FLAG) {
    for (int i = 0; i < p.headers.num_entries; ++i) {
      const auto& e = p.headers.entries[i];
      if (e.value.kind == AMQP_FIELD_KIND_UTF8 || e.value.kind == AMQP_FIELD_KIND_BYTES) {
        m.headers[text(e.key)] = text(e.value.value.bytes);
      }
    }
  }
  return m;
}

}  // namespace

raw_amqp::raw_amqp(const std::string& url) : conn_(amqp_new_connection()) {
  std::vector<char> buffer(url.begin(), url.end());
  buffer.push_back('\0');
  amqp_connection_info info;
  if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) throw std::runtime_error("bad URL");
  auto* socket = amqp_tcp_socket_new(conn_);
  if (amqp_socket_open(socket, info.host, info.port) != AMQP_STATUS_OK) {
    throw std::runtime_error("raw_amqp: cannot connect");
  }
  check(
      amqp_login(conn_, info.vhost, 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, info.user, info.password),
      "login");
  amqp_channel_open(conn_, 1);
  check(amqp_get_rpc_reply(conn_), "channel.open");
}

raw_amqp::~raw_amqp() {
  amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(conn_);
}

void raw_amqp::consume_replies() {
  amqp_basic_consume(conn_, 1, amqp_cstring_bytes("amq.rabbitmq.reply-to"), amqp_empty_bytes, 0, 1,
                     0, amqp_empty_table);
  check(amqp_get_rpc_reply(conn_), "basic.consume");
}

void raw_amqp::publish(const std::string& queue, const std::string& body,
                       const std::string& correlation_id, bool reply_to,
                       const std::map<std::string, std::string>& headers) {
  std::vector<amqp_table_entry_t> entries;
  for (const auto& [k, v] : headers) {
    amqp_table_entry_t e;
    e.key = bytes(k);
    e.value.kind = AMQP_FIELD_KIND_UTF8;
    e.value.value.bytes = bytes(v);
    entries.push_back(e);
  }
  amqp_basic_properties_t p{};
  p._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_HEADERS_FLAG;
  p.content_type = amqp_cstring_bytes("application/json");
  p.headers = {static_cast<int>(entries.size()), entries.data()};
  if (!correlation_id.empty()) {
    p._flags |= AMQP_BASIC_CORRELATION_ID_FLAG;
    p.correlation_id = bytes(correlation_id);
  }
  if (reply_to) {
    p._flags |= AMQP_BASIC_REPLY_TO_FLAG;
    p.reply_to = amqp_cstring_bytes("amq.rabbitmq.reply-to");
  }
  if (amqp_basic_publish(conn_, 1, amqp_empty_bytes, bytes(queue), 0, 0, &p, bytes(body)) !=
      AMQP_STATUS_OK) {
    throw std::runtime_error("raw_amqp: publish failed");
  }
}

std::optional<raw_amqp::message> raw_amqp::next_message(std::chrono::milliseconds timeout) {
  amqp_maybe_release_buffers(conn_);
  amqp_envelope_t env;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  timeval tv{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
  const auto r = amqp_consume_message(conn_, &env, &tv, 0);
  if (r.reply_type != AMQP_RESPONSE_NORMAL) return std::nullopt;
  auto m = to_message(env.message.properties, env.message.body, env.routing_key);
  amqp_destroy_envelope(&env);
  return m;
}

std::optional<raw_amqp::message> raw_amqp::get(const std::string& queue) {
  amqp_maybe_release_buffers(conn_);
  const auto r = amqp_basic_get(conn_, 1, bytes(queue), 1);
  check(r, "basic.get");
  if (r.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) return std::nullopt;
  amqp_message_t msg;
  check(amqp_read_message(conn_, 1, &msg, 0), "read message");
  auto m = to_message(msg.properties, msg.body,
                      amqp_bytes_t{queue.size(), const_cast<char*>(queue.data())});
  amqp_destroy_message(&msg);
  return m;
}

void raw_amqp::declare_queue(const std::string& queue, const std::string& type) {
  amqp_table_entry_t e;
  e.key = amqp_cstring_bytes("x-queue-type");
  e.value.kind = AMQP_FIELD_KIND_UTF8;
  e.value.value.bytes = bytes(type);
  amqp_queue_declare(conn_, 1, bytes(queue), 0, 1, 0, 0, amqp_table_t{1, &e});
  check(amqp_get_rpc_reply(conn_), "queue.declare");
}

}  // namespace cambio::testing
