#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>

#include "rates/btc/coarse_bucket.hpp"

using namespace std::chrono_literals;
using cambio::rates::btc::coarse_bucket;
using time_point = std::chrono::system_clock::time_point;

namespace {

time_point at_ms(long long ms) { return time_point(std::chrono::milliseconds(ms)); }

}  // namespace

TEST_CASE("minute buckets start on the whole minute at or before the time") {
  // 2023-11-14T22:13:20Z is 1700000000000 ms; its minute started at 22:13:00.
  CHECK(coarse_bucket(at_ms(1'700'000'000'000)) == at_ms(1'699'999'980'000));
  CHECK(coarse_bucket(at_ms(1'699'999'980'000)) == at_ms(1'699'999'980'000));  // its own start
  CHECK(coarse_bucket(at_ms(1'700'000'039'999)) == at_ms(1'699'999'980'000));  // last ms of it
  CHECK(coarse_bucket(at_ms(1'700'000'040'000)) == at_ms(1'700'000'040'000));  // the next one
}

TEST_CASE("sub-millisecond parts do not move a time into another bucket") {
  const auto just_before = at_ms(1'700'000'040'000) - 1ns;
  CHECK(coarse_bucket(just_before) == at_ms(1'699'999'980'000));
}

TEST_CASE("other resolutions") {
  CHECK(coarse_bucket(at_ms(1'700'000'000'123), 1s) == at_ms(1'700'000'000'000));
  CHECK(coarse_bucket(at_ms(1'700'000'000'000), 1h) == at_ms(1'699'999'200'000));
}

TEST_CASE("times before the epoch round down, not toward zero") {
  CHECK(coarse_bucket(at_ms(-1)) == at_ms(-60'000));
  CHECK(coarse_bucket(at_ms(-60'000)) == at_ms(-60'000));
}

TEST_CASE("a resolution that is not positive is refused") {
  CHECK_THROWS_AS(coarse_bucket(at_ms(0), 0ms), std::invalid_argument);
  CHECK_THROWS_AS(coarse_bucket(at_ms(0), -1ms), std::invalid_argument);
}
