#include "rates/btc/tick_throttle.hpp"

#include <cmath>

namespace cambio::rates::btc {

bool tick_throttle::admit(const price_tick& tick) {
  if (last_published_) {
    const auto& last = *last_published_;
    if (tick.at < last.at) return false;
    const bool interval_passed = tick.at - last.at >= settings_.min_interval;
    const bool moved =
        std::abs(tick.usd_price - last.usd_price) > settings_.move_fraction * last.usd_price;
    if (!interval_passed && !moved) return false;
  }
  last_published_ = tick;
  return true;
}

}  // namespace cambio::rates::btc
