#pragma once
// Which ticks become `prices.tick` events. The feed sees several trades a second; subscribers
// (alerts, the web page) need the price, not every trade. The rule:
//
//   A tick is published when it is the first one, or when at least `min_interval` of exchange time
//   has passed since the last published tick, or when its price differs from the last published
//   price by more than `move_fraction` of it (a sharp move is not held back). A tick older than the
//   last published one is never published (it would move the price back in time).
//
// Pure and clock-free: it looks only at the ticks' own times, so it is deterministic in tests.

#include <chrono>
#include <optional>

#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

struct throttle_settings {
  std::chrono::milliseconds min_interval{1000};  // CAMBIO_BTC_PUBLISH_MS
  double move_fraction = 0.005;                  // 0.5 %: CAMBIO_BTC_PUBLISH_MOVE_BP=50
};

class tick_throttle {
 public:
  explicit tick_throttle(throttle_settings settings) : settings_(settings) {}

  // Whether `tick` is to be published; if so it becomes the reference for the next decisions.
  bool admit(const price_tick& tick);

 private:
  throttle_settings settings_;
  std::optional<price_tick> last_published_;
};

}  // namespace cambio::rates::btc
