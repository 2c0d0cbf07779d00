#include "mailer/retry_policy.hpp"

#include <algorithm>

namespace cambio::mailer {

std::chrono::milliseconds backoff_ceiling(const retry_settings& s, int failed_attempts) {
  auto ceiling = s.base;
  for (int i = 1; i < failed_attempts && ceiling < s.max; ++i) ceiling *= 2;
  return std::min(ceiling, s.max);
}

retry_decision decide_retry(const retry_settings& s, int failed_before, bool permanent,
                            std::mt19937_64& rng) {
  const int failed = failed_before + 1;
  if (permanent || failed >= s.max_attempts) return {true, {}};
  std::uniform_int_distribution<std::int64_t> delay(0, backoff_ceiling(s, failed).count());
  return {false, std::chrono::milliseconds(delay(rng))};
}

}  // namespace cambio::mailer
