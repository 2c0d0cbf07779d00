#pragma once
// Takes the BTC ticks the throttle admits off the feed's I/O thread and, on a thread of its own,
// publishes each as a `prices.tick` event {symbol, price, at, source} and records it into its
// coarse bar (db.prices.record). Only the newest pending tick is kept: when the broker or the
// database is slow, older ticks are superseded rather than queued.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "rates/btc/price_tick.hpp"

namespace cambio::rates {

class tick_publisher {
 public:
  using sink = std::function<void(const btc::price_tick&)>;  // may throw: logged, tick dropped

  explicit tick_publisher(sink deliver);
  ~tick_publisher();
  tick_publisher(const tick_publisher&) = delete;
  tick_publisher& operator=(const tick_publisher&) = delete;

  // Never blocks on the broker.
  void offer(const btc::price_tick& tick);
  void stop();

 private:
  void loop(const std::stop_token& stop);

  sink deliver_;
  std::mutex mutex_;
  std::condition_variable_any ready_;
  std::optional<btc::price_tick> pending_;
  std::jthread thread_;
};

}  // namespace cambio::rates
