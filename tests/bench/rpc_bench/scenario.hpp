#pragma once
// One scenario of the bench: an echo RPC driven with a fixed number of calls in flight, measured
// after a warm-up. Each mode (rmqrpc, raw rabbitmq-c, pika) runs its own server and client for it.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "latency_stats.hpp"

namespace cambio::bench {

struct scenario {
  std::string url;  // AMQP URL, vhost included
  std::size_t in_flight = 1;
  std::uint16_t prefetch = 0;  // every server's prefetch; 0: see server_prefetch()

  // Unacknowledged deliveries per server, the same for all modes: rmqrpc's default (16), or the
  // calls in flight if more, so that no server waits for its own acks.
  std::uint16_t server_prefetch() const {
    if (prefetch != 0) return prefetch;
    return static_cast<std::uint16_t>(std::clamp<std::size_t>(in_flight, 16, 65535));
  }
  std::chrono::duration<double> warmup{1.0};
  std::chrono::duration<double> length{5.0};  // the measured window
  std::string text = "hello, cambio";         // echoed: the request is {"text": text}
  // How long after the window the client waits for the calls still in flight.
  std::chrono::duration<double> drain{10.0};
};

// The request body every mode sends: {"text":"..."} (text must not need JSON escaping).
inline std::string request_body(const scenario& s) { return R"({"text":")" + s.text + R"("})"; }

}  // namespace cambio::bench
