// The retry policy: exponential ceilings capped at the maximum, full jitter within [0, ceiling],
// dead at the last attempt or at once for a permanent failure.

#include <catch2/catch.hpp>

#include "mailer/retry_policy.hpp"

using namespace cambio::mailer;
using std::chrono::milliseconds;

TEST_CASE("backoff ceilings double from the base up to the maximum", "[mailer][unit]") {
  const retry_settings s{milliseconds(1000), milliseconds(10'000), 8};
  CHECK(backoff_ceiling(s, 1) == milliseconds(1000));
  CHECK(backoff_ceiling(s, 2) == milliseconds(2000));
  CHECK(backoff_ceiling(s, 4) == milliseconds(8000));
  CHECK(backoff_ceiling(s, 5) == milliseconds(10'000));
  CHECK(backoff_ceiling(s, 60) == milliseconds(10'000));  // no overflow
}

TEST_CASE("full jitter: delays spread over [0, ceiling]", "[mailer][unit]") {
  const retry_settings s{milliseconds(1000), milliseconds(60'000), 100};
  std::mt19937_64 rng(42);
  milliseconds low = milliseconds::max(), high{0};
  for (int i = 0; i < 2000; ++i) {
    const auto d = decide_retry(s, 2, false, rng);  // the third failure: ceiling 4 s
    REQUIRE_FALSE(d.dead);
    REQUIRE(d.retry_in >= milliseconds(0));
    REQUIRE(d.retry_in <= milliseconds(4000));
    low = std::min(low, d.retry_in);
    high = std::max(high, d.retry_in);
  }
  CHECK(low < milliseconds(200));
  CHECK(high > milliseconds(3800));
}

TEST_CASE("dead after the last attempt, or at once when permanent", "[mailer][unit]") {
  const retry_settings s{milliseconds(10), milliseconds(100), 3};
  std::mt19937_64 rng(1);
  CHECK_FALSE(decide_retry(s, 0, false, rng).dead);
  CHECK_FALSE(decide_retry(s, 1, false, rng).dead);
  CHECK(decide_retry(s, 2, false, rng).dead);  // the third attempt failed: no fourth
  CHECK(decide_retry(s, 0, true, rng).dead);
  const retry_settings once{milliseconds(10), milliseconds(100), 1};
  CHECK(decide_retry(once, 0, false, rng).dead);
}
