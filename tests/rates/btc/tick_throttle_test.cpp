#include <catch2/catch.hpp>

#include <chrono>

#include "rates/btc/tick_throttle.hpp"

using namespace std::chrono_literals;
using cambio::rates::btc::price_tick;
using cambio::rates::btc::tick_throttle;

namespace {

const auto t0 = std::chrono::system_clock::time_point(1'700'000'000'000ms);

price_tick tick(double price, std::chrono::milliseconds after) { return {price, t0 + after, "ws"}; }

tick_throttle one_per_second_or_half_percent() { return tick_throttle({1000ms, 0.005}); }

}  // namespace

TEST_CASE("the first tick is published") {
  auto throttle = one_per_second_or_half_percent();
  CHECK(throttle.admit(tick(43000, 0ms)));
}

TEST_CASE("within the interval a small move is held back, after it the next tick goes out") {
  auto throttle = one_per_second_or_half_percent();
  REQUIRE(throttle.admit(tick(43000, 0ms)));
  CHECK_FALSE(throttle.admit(tick(43010, 200ms)));
  CHECK_FALSE(throttle.admit(tick(43020, 999ms)));
  CHECK(throttle.admit(tick(43020, 1000ms)));        // the interval is inclusive
  CHECK_FALSE(throttle.admit(tick(43030, 1500ms)));  // measured from the last published tick
  CHECK(throttle.admit(tick(43030, 2000ms)));
}

TEST_CASE("a move of more than the threshold is published at once, either way") {
  auto throttle = one_per_second_or_half_percent();
  REQUIRE(throttle.admit(tick(40000, 0ms)));
  CHECK_FALSE(throttle.admit(tick(40200, 100ms)));  // exactly 0.5 %: not more than it
  CHECK(throttle.admit(tick(40201, 150ms)));
  // The reference is now 40201: a fall of more than 0.5 % of it goes out too.
  CHECK(throttle.admit(tick(39999, 200ms)));
  CHECK_FALSE(throttle.admit(tick(40100, 300ms)));
}

TEST_CASE("a tick older than the last published one is never published") {
  auto throttle = one_per_second_or_half_percent();
  REQUIRE(throttle.admit(tick(43000, 5000ms)));
  CHECK_FALSE(throttle.admit(tick(50000, 1000ms)));  // a big move, but back in time
  CHECK_FALSE(throttle.admit(tick(43000, 4000ms)));
}

TEST_CASE("a held-back tick does not become the reference") {
  auto throttle = one_per_second_or_half_percent();
  REQUIRE(throttle.admit(tick(40000, 0ms)));
  // Two steps of 0.3 %: the second is small against the first, but not against the last
  // published price, which is what counts.
  CHECK_FALSE(throttle.admit(tick(40120, 100ms)));
  CHECK(throttle.admit(tick(40240, 200ms)));
}

TEST_CASE("a zero interval publishes every tick in time order") {
  tick_throttle throttle({0ms, 0.005});
  CHECK(throttle.admit(tick(1, 0ms)));
  CHECK(throttle.admit(tick(1, 0ms)));
  CHECK(throttle.admit(tick(1, 1ms)));
}
