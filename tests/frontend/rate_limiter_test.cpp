// The per-key token bucket: the limit, its refill, the header figures and the wait it announces.

#include <catch2/catch.hpp>

#include "rate_limiter.hpp"

using namespace cambio::frontend;
using namespace std::chrono_literals;

TEST_CASE("a user gets the limit, then waits for the refill", "[api][rate-limit]") {
  rate_limiter limiter({60, 60s});
  const rate_limiter::clock::time_point t0{};
  for (int i = 0; i < 60; ++i) {
    const auto d = limiter.take("7", t0);
    REQUIRE(d.allowed);
    CHECK(d.limit == 60);
    CHECK(d.remaining == 59 - i);
  }
  const auto refused = limiter.take("7", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.remaining == 0);
  CHECK(refused.retry_after == 1s);  // one request per second comes back
  CHECK(refused.reset == 60s);
  // Another user is not affected.
  CHECK(limiter.take("8", t0).allowed);
  // A second later one request is allowed again, and only one.
  CHECK(limiter.take("7", t0 + 1s).allowed);
  CHECK_FALSE(limiter.take("7", t0 + 1s).allowed);
  // After a whole window the bucket is full again.
  const auto later = limiter.take("7", t0 + 1s + 60s);
  CHECK(later.allowed);
  CHECK(later.remaining == 59);
}

TEST_CASE("the announced wait is long enough and not longer", "[api][rate-limit]") {
  rate_limiter limiter({5, 60s});  // one request per 12 s
  const rate_limiter::clock::time_point t0{};
  for (int i = 0; i < 5; ++i) REQUIRE(limiter.take("1", t0).allowed);
  const auto refused = limiter.take("1", t0 + 2s);
  REQUIRE_FALSE(refused.allowed);
  CHECK(refused.retry_after == 10s);
  CHECK_FALSE(limiter.take("1", t0 + 2s + refused.retry_after - 1s).allowed);
  CHECK(limiter.take("1", t0 + 2s + refused.retry_after).allowed);
}

TEST_CASE("full buckets are forgotten", "[api][rate-limit]") {
  rate_limiter limiter({10, 60s});
  const rate_limiter::clock::time_point t0{};
  for (std::int64_t user = 1; user <= 100; ++user) limiter.take(std::to_string(user), t0);
  CHECK(limiter.tracked() == 100);
  limiter.take("1000", t0 + 61s);
  CHECK(limiter.tracked() == 1);
}

TEST_CASE("a clock that goes backwards gives nothing away", "[api][rate-limit]") {
  rate_limiter limiter({2, 60s});
  const rate_limiter::clock::time_point t0{std::chrono::hours(1)};
  REQUIRE(limiter.take("1", t0).allowed);
  REQUIRE(limiter.take("1", t0).allowed);
  CHECK_FALSE(limiter.take("1", t0 - 30s).allowed);
}
