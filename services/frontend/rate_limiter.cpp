#include "rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>

namespace cambio::frontend {
namespace {

// Whole seconds, rounded up: a client told to wait this long is never early.
std::chrono::seconds ceil_seconds(rate_limiter::clock::duration d) {
  return std::chrono::ceil<std::chrono::seconds>(
      std::max(d, rate_limiter::clock::duration::zero()));
}

}  // namespace

rate_limiter::rate_limiter(rate_limit limit)
    : limit_(limit),
      interval_(std::chrono::duration_cast<clock::duration>(limit.window) /
                std::max(1, limit.limit)),
      burst_(std::chrono::duration_cast<clock::duration>(limit.window) - interval_) {
  if (limit.limit < 1 || limit.window.count() < 1) {
    throw std::invalid_argument("rate limit: the limit and the window must be positive");
  }
}

rate_decision rate_limiter::take(const std::string& key, clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_full(now);
  auto [it, fresh] = full_at_.try_emplace(key, now);
  const auto full_at = std::max(it->second, now);

  rate_decision d;
  d.limit = limit_.limit;
  if (full_at - now > burst_) {  // the bucket is empty
    d.reset = ceil_seconds(full_at - now);
    d.retry_after = std::max(std::chrono::seconds(1), ceil_seconds(full_at - now - burst_));
    return d;
  }
  it->second = full_at + interval_;
  d.allowed = true;
  const auto used = it->second - now;
  d.remaining = static_cast<int>(
      (std::chrono::duration_cast<clock::duration>(limit_.window) - used) / interval_);
  d.reset = ceil_seconds(used);
  return d;
}

std::size_t rate_limiter::tracked() const {
  std::lock_guard lock(mutex_);
  return full_at_.size();
}

// At most once per window: a bucket that is full again is the same as none.
void rate_limiter::forget_full(clock::time_point now) {
  if (last_sweep_ && now - *last_sweep_ < limit_.window) return;
  last_sweep_ = now;
  std::erase_if(full_at_, [&](const auto& entry) { return entry.second <= now; });
}

}  // namespace cambio::frontend
