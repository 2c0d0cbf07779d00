#include "rates/btc/backoff.hpp"

#include <algorithm>

namespace cambio::rates::btc {

backoff::backoff(backoff_settings settings, std::uint64_t seed) : settings_(settings), rng_(seed) {}

std::chrono::milliseconds backoff::ceiling() const {
  // Doubling stops at 2^30: by then any sane `max` has been reached, and the shift cannot overflow.
  const auto doubled = settings_.initial.count() << std::min(failures_, 30);
  return std::chrono::milliseconds(std::min<std::int64_t>(doubled, settings_.max.count()));
}

std::chrono::milliseconds backoff::next() {
  const auto cap = std::max<std::int64_t>(ceiling().count(), 0);
  std::uniform_int_distribution<std::int64_t> jitter(0, cap);
  ++failures_;
  return std::chrono::milliseconds(jitter(rng_));
}

}  // namespace cambio::rates::btc
