#pragma once
// Rate limits (per API user, per client address): a bucket per key holding `limit` requests,
// refilled at `limit` per `window` (default 60 per minute), kept as the generic cell rate algorithm
// does — one time point per key (when its bucket would be full again), integer arithmetic, no
// timer. Answers say how much is left in the IETF RateLimit header fields' terms, and how long to
// wait when nothing is.
//
// The buckets live in this process's memory: with N frontend replicas behind a balancer that does
// not pin clients, a key can get up to N × limit per window (documented in the README). A bucket
// that has refilled completely is forgotten, so memory holds only the keys active in the last
// window.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cambio::frontend {

struct rate_limit {
  int limit = 60;
  std::chrono::seconds window{60};
};

struct rate_decision {
  bool allowed = false;
  int limit = 0;                        // RateLimit-Limit
  int remaining = 0;                    // RateLimit-Remaining, after this request
  std::chrono::seconds reset{0};        // RateLimit-Reset: until the bucket is full again
  std::chrono::seconds retry_after{0};  // Retry-After when refused: until one request is allowed
};

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  explicit rate_limiter(rate_limit limit);

  // Takes one request from `key`'s bucket if it has one.
  rate_decision take(const std::string& key, clock::time_point now = clock::now());

  const rate_limit& limit() const { return limit_; }

  // Keys with a bucket that is not full (for tests and metrics).
  std::size_t tracked() const;

 private:
  void forget_full(clock::time_point now);  // with mutex_ held

  rate_limit limit_;
  clock::duration interval_;  // one request's worth of refill: window / limit
  clock::duration burst_;     // how far ahead of now a bucket's `full` may be: window - interval
  mutable std::mutex mutex_;
  // key → when its bucket is full again (the "theoretical arrival time"); guarded by mutex_.
  std::unordered_map<std::string, clock::time_point> full_at_;
  std::optional<clock::time_point> last_sweep_;
};

}  // namespace cambio::frontend
