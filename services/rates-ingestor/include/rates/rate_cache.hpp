#pragma once
// The newest rate set in memory, so that conversions at the current rates never reach the
// database. Refreshed on every `rates.updated` event (each instance has its own broadcast
// subscription) and at least every `max_age` (an event missed while disconnected). Thread-safe.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "rates/rate_store.hpp"

namespace cambio::rates {

class rate_cache {
 public:
  rate_cache(rate_store& store, std::chrono::milliseconds max_age);

  // The newest set (refreshed first if older than max_age); nullptr when none is held.
  // Throws rmqrpc::error when a refresh is due and db-proxy cannot answer and nothing is cached.
  std::shared_ptr<const rate_set> latest();
  // Reads the newest set from the database now.
  void refresh();

 private:
  rate_store& store_;
  std::chrono::milliseconds max_age_;
  std::mutex mutex_;
  std::shared_ptr<const rate_set> latest_;
  std::chrono::steady_clock::time_point loaded_{};
};

}  // namespace cambio::rates
