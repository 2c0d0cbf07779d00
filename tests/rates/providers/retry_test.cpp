#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "rates/retry.hpp"

namespace cambio::rates {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// A clock that moves only when the retry loop sleeps, and records the sleeps.
struct fake_time {
  steady_clock::time_point now{steady_clock::duration(1'000'000'000)};
  std::vector<milliseconds> sleeps;
  double uniform = 0.5;

  retry_hooks hooks() {
    return {.sleep = [this](milliseconds d) { sleeps.push_back(d), now += d; },
            .now = [this] { return now; },
            .uniform = [this] { return uniform; }};
  }
};

struct observed {
  int attempt;
  provider_failure failure;
  milliseconds delay;
};

const retry_policy k_policy{.attempts = 4, .initial_delay = 100ms, .max_delay = 1s};

provider_error unavailable() { return {provider_failure::unavailable, "down"}; }

TEST_CASE("retry: retryable failures are retried with backoff until a call succeeds") {
  fake_time time;
  std::vector<observed> seen;
  int calls = 0;
  const auto result = fetch_with_retry(
      [&] {
        if (++calls < 3) throw unavailable();
        return 42;
      },
      k_policy, time.now + 1min,
      [&](const provider_error& e, int attempt, milliseconds delay) {
        seen.push_back({attempt, e.failure(), delay});
      },
      time.hooks());
  CHECK(result == 42);
  CHECK(calls == 3);
  // Full jitter with uniform = 0.5: half of 100 ms, then half of 200 ms.
  CHECK(time.sleeps == std::vector<milliseconds>{50ms, 100ms});
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].attempt == 1);
  CHECK(seen[1].attempt == 2);
  CHECK(seen[1].failure == provider_failure::unavailable);
  CHECK(seen[1].delay == 100ms);
}

TEST_CASE("retry: gives up after the policy's attempts, throwing the last error") {
  fake_time time;
  int calls = 0;
  int reported = 0;
  CHECK_THROWS_WITH(
      fetch_with_retry(
          [&] {
            ++calls;
            throw provider_error(provider_failure::bad_response,
                                 "truncated " + std::to_string(calls));
          },
          k_policy, time.now + 1min, [&](const provider_error&, int, milliseconds) { ++reported; },
          time.hooks()),
      "truncated 4");
  CHECK(calls == 4);
  CHECK(reported == 3);  // the last failure is thrown, not reported
  CHECK(time.sleeps.size() == 3);
}

TEST_CASE("retry: a non-retryable failure is thrown at once") {
  for (const auto failure :
       {provider_failure::unauthorized, provider_failure::refused, provider_failure::not_found}) {
    fake_time time;
    int calls = 0;
    const auto until = time.now + 1min;
    try {
      fetch_with_retry([&] { ++calls, throw provider_error(failure, "no"); }, k_policy, until, {},
                       time.hooks());
      FAIL("expected a provider_error");
    } catch (const provider_error& e) {
      CHECK(e.failure() == failure);
    }
    CHECK(calls == 1);
    CHECK(time.sleeps.empty());
  }
}

TEST_CASE("retry: an exception that is not a provider_error is not retried") {
  fake_time time;
  int calls = 0;
  CHECK_THROWS_AS(fetch_with_retry([&] { ++calls, throw std::logic_error("bug"); }, k_policy,
                                   time.now + 1min, {}, time.hooks()),
                  std::logic_error);
  CHECK(calls == 1);
}

TEST_CASE("retry: Retry-After is honoured instead of the backoff") {
  fake_time time;
  int calls = 0;
  std::vector<milliseconds> reported;
  const auto result = fetch_with_retry(
      [&] {
        if (++calls == 1) throw provider_error(provider_failure::rate_limited, "429", 7s);
        return std::string("ok");
      },
      k_policy, time.now + 1min,
      [&](const provider_error&, int, milliseconds delay) { reported.push_back(delay); },
      time.hooks());
  CHECK(result == "ok");
  CHECK(time.sleeps == std::vector<milliseconds>{7s});  // more than max_delay: the provider decides
  CHECK(reported == std::vector<milliseconds>{7s});
}

TEST_CASE("retry: a wait that would pass the deadline gives up at once") {
  fake_time time;
  int calls = 0;
  SECTION("Retry-After beyond the remaining time") {
    try {
      fetch_with_retry(
          [&] { ++calls, throw provider_error(provider_failure::rate_limited, "429", 120s); },
          k_policy, time.now + 30s, {}, time.hooks());
      FAIL("expected a provider_error");
    } catch (const provider_error& e) {
      CHECK(e.failure() == provider_failure::rate_limited);
      CHECK(e.retry_after() == 120s);
    }
  }
  SECTION("a backoff beyond the remaining time") {
    time.uniform = 0.99;
    CHECK_THROWS_AS(fetch_with_retry([&] { ++calls, throw unavailable(); }, k_policy,
                                     time.now + 50ms, {}, time.hooks()),
                    provider_error);
  }
  CHECK(calls == 1);
  CHECK(time.sleeps.empty());
}

TEST_CASE("retry: the backoff doubles up to max_delay and the jitter stays within it") {
  CHECK(backoff_delay(k_policy, 1, 0.0) == 0ms);
  CHECK(backoff_delay(k_policy, 1, 0.999) == 99ms);
  CHECK(backoff_delay(k_policy, 2, 0.999) == 199ms);
  CHECK(backoff_delay(k_policy, 3, 0.5) == 200ms);
  CHECK(backoff_delay(k_policy, 4, 0.5) == 400ms);
  CHECK(backoff_delay(k_policy, 5, 0.5) == 500ms);  // capped at 1 s
  CHECK(backoff_delay(k_policy, 60, 0.999) == 999ms);

  // The default random draw: every delay within [0, cap], and not all the same.
  fake_time time;
  auto hooks = time.hooks();
  hooks.uniform = nullptr;
  std::vector<milliseconds> delays;
  const retry_policy many{.attempts = 200, .initial_delay = 1s, .max_delay = 1s};
  CHECK_THROWS(fetch_with_retry(
      [] { throw unavailable(); }, many, time.now + 24h,
      [&](const provider_error&, int, milliseconds d) { delays.push_back(d); }, hooks));
  REQUIRE(delays.size() == 199);
  CHECK(*std::min_element(delays.begin(), delays.end()) >= 0ms);
  CHECK(*std::max_element(delays.begin(), delays.end()) <= 1s);
  CHECK(std::adjacent_find(delays.begin(), delays.end(), std::not_equal_to<>()) != delays.end());
}

TEST_CASE("retry: a void function works, and the real sleep is used by default") {
  int calls = 0;
  const auto start = steady_clock::now();
  fetch_with_retry(
      [&] {
        if (++calls == 1) throw unavailable();
      },
      {.attempts = 2, .initial_delay = 20ms, .max_delay = 20ms}, start + 5s);
  CHECK(calls == 2);
  CHECK(steady_clock::now() - start < 1s);
}

}  // namespace
}  // namespace cambio::rates
