#pragma once
// Drives one queue through rmqrpc::client with a fixed number of calls in flight and measures the
// calls that complete in a window after a warm-up: the load generator of every benchmark that
// times an rmqrpc queue (rpc_bench's echo, convert_bench's rates.convert).

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "latency_stats.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::bench {

struct load_spec {
  std::string queue;
  std::size_t in_flight = 1;
  std::chrono::duration<double> warmup{1.0};
  std::chrono::duration<double> length{5.0};  // the measured window
  // How long after the window the driver waits for the calls still in flight.
  std::chrono::duration<double> drain{10.0};
  // The parameters of the next call. Called on the client's I/O thread (and once per initial
  // call from the caller's), never concurrently.
  std::function<nlohmann::json()> next_params;
  // Whether a successful call's result is right; a wrong one counts as a failure.
  std::function<bool(const nlohmann::json& result)> accept;
};

// Runs the load through `client` (connected, the queue served) and returns the window's figures.
// Throws std::runtime_error if calls are still in flight `drain` after the window.
summary drive_load(rmqrpc::client& client, const load_spec& spec);

// Waits until `queue` answers `probe` (a server that has just started may not consume yet).
bool wait_until_served(rmqrpc::client& client, const std::string& queue,
                       const nlohmann::json& probe);

}  // namespace cambio::bench
