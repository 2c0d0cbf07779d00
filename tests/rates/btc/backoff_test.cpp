#include <catch2/catch.hpp>

#include <chrono>
#include <set>

#include "rates/btc/backoff.hpp"

using namespace std::chrono_literals;
using cambio::rates::btc::backoff;

TEST_CASE("the ceiling doubles from initial with each failure up to max") {
  backoff b({1000ms, 60000ms}, 42);
  const std::chrono::milliseconds expected[] = {1000ms,  2000ms,  4000ms,  8000ms,
                                                16000ms, 32000ms, 60000ms, 60000ms};
  for (const auto ceiling : expected) {
    CHECK(b.ceiling() == ceiling);
    b.next();
  }
}

TEST_CASE("each delay is drawn in [0, ceiling] (full jitter) and the draws spread") {
  backoff b({1000ms, 60000ms}, 7);
  std::set<long long> distinct;
  for (int i = 0; i < 200; ++i) {
    const auto ceiling = b.ceiling();
    const auto delay = b.next();
    CHECK(delay >= 0ms);
    CHECK(delay <= ceiling);
    distinct.insert(delay.count());
  }
  CHECK(distinct.size() > 100);  // jitter, not a constant
}

TEST_CASE("reset starts over from initial") {
  backoff b({100ms, 10000ms}, 1);
  for (int i = 0; i < 5; ++i) b.next();
  CHECK(b.failures() == 5);
  CHECK(b.ceiling() == 3200ms);
  b.reset();
  CHECK(b.failures() == 0);
  CHECK(b.ceiling() == 100ms);
  CHECK(b.next() <= 100ms);
}

TEST_CASE("many failures neither overflow nor pass max") {
  backoff b({1000ms, 60000ms}, 3);
  for (int i = 0; i < 1000; ++i) CHECK(b.next() <= 60000ms);
  CHECK(b.ceiling() == 60000ms);
}

TEST_CASE("the same seed gives the same delays") {
  backoff a({1000ms, 60000ms}, 99);
  backoff b({1000ms, 60000ms}, 99);
  for (int i = 0; i < 10; ++i) CHECK(a.next() == b.next());
}
