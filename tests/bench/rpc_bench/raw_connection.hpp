#pragma once
// A bare rabbitmq-c connection for the raw baselines (raw_echo, raw_pool_server): channel 1 open,
// owned by one thread; errors throw std::runtime_error.

#include <amqp.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace cambio::bench::raw {

constexpr amqp_channel_t k_channel = 1;
constexpr std::string_view k_reply_to = "amq.rabbitmq.reply-to";

inline amqp_bytes_t bytes(std::string_view s) { return {s.size(), const_cast<char*>(s.data())}; }
inline std::string_view view(amqp_bytes_t b) { return {static_cast<const char*>(b.bytes), b.len}; }

void check(const amqp_rpc_reply_t& r, const char* what);
void check_status(int status, const char* what);

class connection {
 public:
  connection(const std::string& url, const char* name);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  amqp_connection_state_t get() const { return conn_; }

  // Empties `queue`, then consumes it (manual acks) with at most `prefetch` unacknowledged.
  void consume_afresh(std::string_view queue, std::uint16_t prefetch);

  // The next delivery, or false after `timeout` without one. A publisher confirm (basic.ack) is
  // read and skipped (false); anything else but a delivery throws.
  bool next(amqp_envelope_t& envelope, const timeval& timeout);

 private:
  amqp_connection_state_t conn_;
};

}  // namespace cambio::bench::raw
