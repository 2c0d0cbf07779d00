#pragma once
// Retrying a provider call: exponential backoff with full jitter (a random wait in [0, cap], cap
// doubling from initial_delay up to max_delay) so that restarted ingestors do not retry in step,
// and the provider's Retry-After when it sends one. Everything stays within the caller's deadline.

#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "rates/provider.hpp"

namespace cambio::rates {

struct retry_policy {
  int attempts = 4;  // calls in all, the first included
  std::chrono::milliseconds initial_delay{500};
  std::chrono::milliseconds max_delay{30'000};
};

// Told of each failed attempt that will be retried: the error, the attempt's number (1 = the first
// call) and the wait before the next one. The error that ends the retries is thrown, not reported.
using retry_observer =
    std::function<void(const provider_error&, int attempt, std::chrono::milliseconds next_delay)>;

// What the retry loop needs from the outside world; the defaults sleep, read the steady clock and
// draw from a random engine. Tests replace them to run without waiting.
struct retry_hooks {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<double()> uniform;  // a number in [0, 1)
};

// The wait before retry number `retry` (1 = after the first failure) without Retry-After: a uniform
// draw in [0, min(max_delay, initial_delay × 2^(retry−1))]. `uniform` is in [0, 1).
std::chrono::milliseconds backoff_delay(const retry_policy& policy, int retry, double uniform);

// The loop behind fetch_with_retry: calls `attempt` until it returns, or throws what ends it:
// a non-retryable provider_error (at once), any other exception (at once), the last retryable
// error after policy.attempts calls, or a retryable error whose wait (Retry-After or backoff) would
// reach past `until` (at once: there is no time for another call).
void retry_loop(const std::function<void()>& attempt, const retry_policy& policy, deadline until,
                const retry_observer& on_failure = {}, const retry_hooks& hooks = {});

// fn() with retries as retry_loop describes; returns what fn returns. fn takes no arguments:
// capture the same `until` in it, e.g.
//   fetch_with_retry([&] { return p.latest(until); }, policy, until, log_failure);
template <class Fn>
auto fetch_with_retry(Fn&& fn, const retry_policy& policy, deadline until,
                      const retry_observer& on_failure = {}, const retry_hooks& hooks = {})
    -> std::invoke_result_t<Fn&> {
  using result = std::invoke_result_t<Fn&>;
  if constexpr (std::is_void_v<result>) {
    retry_loop([&] { fn(); }, policy, until, on_failure, hooks);
  } else {
    std::optional<result> out;
    retry_loop([&] { out.emplace(fn()); }, policy, until, on_failure, hooks);
    return std::move(*out);
  }
}

}  // namespace cambio::rates
