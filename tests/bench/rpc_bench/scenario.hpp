#pragma once
// One scenario of the bench: an echo RPC driven with a fixed number of calls in flight, measured
// after a warm-up. Each mode (rmqrpc, raw rabbitmq-c, pika) runs its own server and client for it.

#include <chrono>
#include <cstddef>
#include <string>

#include "latency_stats.hpp"

namespace cambio::bench {

struct scenario {
  std::string url;  // AMQP URL, vhost included
  std::size_t in_flight = 1;
  std::chrono::duration<double> warmup{1.0};
  std::chrono::duration<double> length{5.0};  // the measured window
  std::string text = "hello, cambio";         // echoed: the request is {"text": text}
  // How long after the window the client waits for the calls still in flight.
  std::chrono::duration<double> drain{10.0};
};

// The request body every mode sends: {"text":"..."} (text must not need JSON escaping).
inline std::string request_body(const scenario& s) { return R"({"text":")" + s.text + R"("})"; }

}  // namespace cambio::bench
