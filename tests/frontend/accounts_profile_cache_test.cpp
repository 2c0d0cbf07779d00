// The profile cache (accounts/profile_cache.hpp) with a clock and a subscription state of the
// test's: a kept profile is served until its user is forgotten, it ages past the ttl or the
// subscription that would have said so goes down or reconnects; a read that overlapped a forget is
// not kept; the size is bounded.

#include <catch2/catch.hpp>

#include "accounts/profile_cache.hpp"
#include "cambio/metrics.hpp"

using cambio::frontend::accounts::profile;
using cambio::frontend::accounts::profile_cache;
using namespace std::chrono_literals;

namespace {

struct fixture {
  cambio::metrics::registry metrics;
  std::uint64_t connection = 1;  // what the subscription reports: 0 = down
  profile_cache::clock::time_point now{};
  int reads = 0;
  std::string currency = "EUR";  // what db-proxy would answer

  profile_cache make(std::chrono::seconds ttl = 60s, std::size_t entries = 100) {
    return profile_cache(
        {ttl, entries}, metrics, [this] { return connection; }, [this] { return now; });
  }
  std::function<profile()> reader(std::int64_t user_id) {
    return [this, user_id] {
      ++reads;
      profile p;
      p.user_id = user_id;
      p.default_currency = currency;
      return p;
    };
  }
  double lookups(const std::string& outcome) {
    return metrics.counter("frontend_profile_cache_lookups_total", "", {{"outcome", outcome}})
        .value();
  }
};

}  // namespace

TEST_CASE("a profile read once is served from the cache until its user is forgotten") {
  fixture f;
  auto cache = f.make();
  CHECK(cache.get(7, f.reader(7)).default_currency == "EUR");
  f.currency = "CHF";
  CHECK(cache.get(7, f.reader(7)).default_currency == "EUR");  // kept
  CHECK(f.reads == 1);
  CHECK(cache.get(8, f.reader(8)).user_id == 8);  // one entry per user
  CHECK(f.reads == 2);
  cache.forget(7);
  CHECK(cache.get(7, f.reader(7)).default_currency == "CHF");
  CHECK(f.reads == 3);
  CHECK(cache.get(8, f.reader(8)).user_id == 8);  // forgetting 7 left 8
  CHECK(f.reads == 3);
  CHECK(f.lookups("hit") == 2);
  CHECK(f.lookups("miss") == 3);
}

TEST_CASE("a kept profile ages out after the ttl, and a ttl of 0 keeps nothing") {
  fixture f;
  auto cache = f.make(60s);
  cache.get(7, f.reader(7));
  f.now += 59s;
  cache.get(7, f.reader(7));
  CHECK(f.reads == 1);
  f.now += 1s;
  cache.get(7, f.reader(7));
  CHECK(f.reads == 2);

  auto off = f.make(0s);
  off.get(7, f.reader(7));
  off.get(7, f.reader(7));
  CHECK(f.reads == 4);
}

TEST_CASE("nothing is served while the subscription is down or once it has reconnected") {
  fixture f;
  auto cache = f.make();
  cache.get(7, f.reader(7));
  f.connection = 0;  // down: events may be lost
  cache.get(7, f.reader(7));
  cache.get(7, f.reader(7));
  CHECK(f.reads == 3);  // nothing served, and nothing kept while down
  f.connection = 1;
  cache.get(7, f.reader(7));  // the entry of before was dropped
  CHECK(f.reads == 4);
  cache.get(7, f.reader(7));
  CHECK(f.reads == 4);
  f.connection = 2;  // reconnected: what was read on connection 1 may have missed an event
  cache.get(7, f.reader(7));
  CHECK(f.reads == 5);
  cache.get(7, f.reader(7));
  CHECK(f.reads == 5);
}

TEST_CASE("a read that overlapped a forget is returned but not kept") {
  fixture f;
  auto cache = f.make();
  // The change commits and its event arrives while the read is on its way with the old profile.
  const auto old = cache.get(7, [&] {
    auto p = f.reader(7)();
    cache.forget(7);
    return p;
  });
  CHECK(old.default_currency == "EUR");
  f.currency = "CHF";
  CHECK(cache.get(7, f.reader(7)).default_currency == "CHF");
  CHECK(f.reads == 2);
}

TEST_CASE("a failed read keeps nothing and throws through") {
  fixture f;
  auto cache = f.make();
  CHECK_THROWS_AS(cache.get(7, []() -> profile { throw std::runtime_error("db-proxy down"); }),
                  std::runtime_error);
  cache.get(7, f.reader(7));
  CHECK(f.reads == 1);
}

TEST_CASE("the cache holds at most its number of entries") {
  fixture f;
  auto one = f.make(60s, 1);
  one.get(1, f.reader(1));
  one.get(2, f.reader(2));  // makes room: 1 goes
  one.get(2, f.reader(2));
  CHECK(f.reads == 2);
  one.get(1, f.reader(1));
  CHECK(f.reads == 3);

  f.reads = 0;
  auto three = f.make(60s, 3);
  for (std::int64_t id = 1; id <= 10; ++id) three.get(id, f.reader(id));
  three.get(10, f.reader(10));  // the newest is kept
  CHECK(f.reads == 10);
  // Exactly two of the other nine are still held. A reader that throws keeps nothing, so asking
  // with it finds what is held without changing it.
  int held = 0;
  for (std::int64_t id = 1; id <= 9; ++id) {
    try {
      three.get(id, []() -> profile { throw std::runtime_error("not held"); });
      ++held;
    } catch (const std::runtime_error&) {
    }
  }
  CHECK(held == 2);
}
