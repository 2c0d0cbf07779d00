#pragma once
// Reconnect and retry delays: exponential growth with "full jitter" (AWS architecture blog,
// "Exponential Backoff And Jitter"): the n-th consecutive failure waits a uniformly random delay in
// [0, min(max, initial * 2^n)]. The randomness spreads many clients apart after a shared outage.

#include <chrono>
#include <cstdint>
#include <random>

namespace cambio::rates::btc {

struct backoff_settings {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{60000};
};

class backoff {
 public:
  explicit backoff(backoff_settings settings, std::uint64_t seed = std::random_device{}());

  // The delay before the next attempt; counts one more failure.
  std::chrono::milliseconds next();
  // The upper bound of the delay next() will draw.
  std::chrono::milliseconds ceiling() const;
  // After a success: the next failure starts again from `initial`.
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  backoff_settings settings_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace cambio::rates::btc
