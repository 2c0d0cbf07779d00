#include "rates/retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace cambio::rates {
namespace {

using std::chrono::milliseconds;

double default_uniform() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

retry_hooks with_defaults(retry_hooks hooks) {
  if (!hooks.sleep) hooks.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  if (!hooks.now) hooks.now = [] { return std::chrono::steady_clock::now(); };
  if (!hooks.uniform) hooks.uniform = default_uniform;
  return hooks;
}

}  // namespace

milliseconds backoff_delay(const retry_policy& policy, int retry, double uniform) {
  // Doubling stops once the cap reaches max_delay, so it cannot overflow however many retries.
  auto cap = policy.initial_delay;
  for (int i = 1; i < retry && cap < policy.max_delay; ++i) cap *= 2;
  cap = std::min(cap, policy.max_delay);
  const auto drawn = static_cast<milliseconds::rep>(static_cast<double>(cap.count()) * uniform);
  return milliseconds(std::clamp<milliseconds::rep>(drawn, 0, cap.count()));
}

void retry_loop(const std::function<void()>& attempt, const retry_policy& policy, deadline until,
                const retry_observer& on_failure, const retry_hooks& given) {
  const auto hooks = with_defaults(given);
  for (int n = 1;; ++n) {
    try {
      attempt();
      return;
    } catch (const provider_error& e) {
      if (!e.retryable() || n >= policy.attempts) throw;
      // The provider's Retry-After wins over our backoff: asking earlier would be refused again.
      const auto delay = e.retry_after() ? milliseconds(*e.retry_after())
                                         : backoff_delay(policy, n, hooks.uniform());
      if (hooks.now() + delay >= until) throw;
      if (on_failure) on_failure(e, n, delay);
      hooks.sleep(delay);
    }
  }
}

}  // namespace cambio::rates
