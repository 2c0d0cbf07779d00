#pragma once
// The floor: echo over bare rabbitmq-c, as little as the broker needs. A single-threaded server
// consumes a classic queue (the scenario's prefetch), publishes each reply to its reply_to, then
// acks; a single-threaded client keeps N calls in flight through direct reply-to. No confirms, no
// mandatory, no headers, no JSON work: bytes in, the same bytes out.
//
// With `design`, the floor of rmqrpc's design instead: what DESIGN.md "The wire" asks of the
// library's threads and publishes, and nothing else — the server hands each request to a worker
// pool and the reply back to the connection's thread (raw_pool_server.hpp), and the client
// publishes with `mandatory` on a channel in confirm mode (it reads, and skips, each confirm).
//
// With `contract` as well, each call also carries what DESIGN.md "The wire" asks of every message,
// and nothing more (`raw_contract`): the client sends the params as JSON with a `message_id`, the
// `x-deadline`, `x-request-id` and `x-caller` headers and an `expiration`, parses the reply
// envelope and records the call in a latency histogram; the server's side is in
// raw_pool_server.hpp. That is the floor of any library that keeps the contract.

#include <cstddef>
#include <string>

#include "latency_stats.hpp"
#include "scenario.hpp"

namespace cambio::bench {

struct raw_shape {
  bool design = false;
  std::size_t workers = 8;  // with `design`
  bool contract = false;    // with `design`
};

summary run_raw_echo(const scenario& s, const raw_shape& shape = {},
                     const std::string& queue = "bench.raw");

}  // namespace cambio::bench
