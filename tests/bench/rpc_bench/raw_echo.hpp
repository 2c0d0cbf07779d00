#pragma once
// The floor: echo over bare rabbitmq-c, as little as the broker needs. A single-threaded server
// consumes a classic queue (the scenario's prefetch), publishes each reply to its reply_to, then
// acks; a single-threaded client keeps N calls in flight through direct reply-to. No confirms, no
// mandatory, no headers, no JSON work: bytes in, the same bytes out.

#include <string>

#include "latency_stats.hpp"
#include "scenario.hpp"

namespace cambio::bench {

summary run_raw_echo(const scenario& s, const std::string& queue = "bench.raw");

}  // namespace cambio::bench
