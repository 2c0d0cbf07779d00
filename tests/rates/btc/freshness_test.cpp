#include <catch2/catch.hpp>

#include <chrono>

#include "rates/btc/feed_health.hpp"
#include "rates/btc/price_tick.hpp"

using namespace std::chrono_literals;
using namespace cambio::rates::btc;

namespace {

const auto now = std::chrono::system_clock::time_point(1'700'000'000'000ms);

}  // namespace

TEST_CASE("a tick is fresh up to max_age inclusive") {
  CHECK(is_fresh({43000, now, "ws"}, now, 60s));
  CHECK(is_fresh({43000, now - 60s, "ws"}, now, 60s));
  CHECK_FALSE(is_fresh({43000, now - 60s - 1ms, "ws"}, now, 60s));
}

TEST_CASE("a tick from the future (exchange clock ahead of ours) is fresh") {
  CHECK(is_fresh({43000, now + 2s, "ws"}, now, 60s));
}

TEST_CASE("health is ok with a fresh price and says where it came from and its age") {
  feed_status status{price_tick{43250.12, now - 800ms, "ws"},
                     {link_state::connected, ""},
                     {link_state::backoff, "server: HTTP 503"}};
  const auto health = feed_health(status, now, 60s);
  CHECK(health.ok);
  CHECK(health.detail ==
        "43250.12 USD from ws, 0.8 s old; ws connected; rest backoff (server: HTTP 503)");
}

TEST_CASE("health is not ok with a stale price, and says how stale") {
  feed_status status{price_tick{43250.12, now - 75200ms, "rest"},
                     {link_state::backoff, "connect: Connection refused"},
                     {link_state::connected, ""}};
  const auto health = feed_health(status, now, 60s);
  CHECK_FALSE(health.ok);
  CHECK(health.detail ==
        "no fresh price: newest from rest is 75.2 s old (max 60.0 s); ws backoff (connect: "
        "Connection refused); rest connected");
}

TEST_CASE("health is not ok before the first price") {
  feed_status status{std::nullopt, {link_state::connecting, ""}, {link_state::off, ""}};
  const auto health = feed_health(status, now, 60s);
  CHECK_FALSE(health.ok);
  CHECK(health.detail == "no price yet; ws connecting; rest off");
}

TEST_CASE("a feed that is switched off is healthy") {
  const auto health = feed_health(feed_status{}, now, 60s);
  CHECK(health.ok);
  CHECK(health.detail == "BTC feed off");
}
