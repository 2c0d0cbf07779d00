#pragma once
// What happens to a mail after a failed attempt: another attempt after an exponential backoff with
// "full jitter" (a uniformly random delay in [0, min(max, base * 2^(n-1))] after the n-th failed
// attempt; AWS architecture blog, "Exponential Backoff And Jitter": the randomness spreads the
// retries of many mails that failed together), or dead — when the failure is permanent (a
// recipient refused with 5xx, a template that cannot render) or the attempts are used up.

#include <chrono>
#include <cstdint>
#include <random>

namespace cambio::mailer {

struct retry_settings {
  std::chrono::milliseconds base{10'000};
  std::chrono::milliseconds max{3'600'000};
  int max_attempts = 8;  // attempts in all, the first included
};

struct retry_decision {
  bool dead = false;
  std::chrono::milliseconds retry_in{0};  // when not dead
};

// The upper bound of the delay after the `failed_attempts`-th failure (1 = the first).
std::chrono::milliseconds backoff_ceiling(const retry_settings& s, int failed_attempts);

// `failed_before`: the mail's failed attempts before this one (the outbox's `attempts`).
retry_decision decide_retry(const retry_settings& s, int failed_before, bool permanent,
                            std::mt19937_64& rng);

}  // namespace cambio::mailer
