// The whole feed against the fake exchange: both sources together, staleness and health, the
// metrics, and stopping.

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "cambio/testing/infra.hpp"
#include "feed_fixture.hpp"

using namespace btc_test;
using cambio::rates::btc::is_fresh;
using cambio::testing::eventually;
using std::chrono::steady_clock;
using std::chrono::system_clock;

TEST_CASE("with both sources the latest is the newest tick of either, handed on in time order") {
  fake_exchange fake(fast_exchange());
  fake.start();
  cambio::metrics::registry metrics;
  tick_log log;
  btc_feed feed(fast_feed(fake), metrics, log.handler());
  feed.start();
  REQUIRE(eventually(
      [&] {
        const auto ticks = log.ticks();
        return std::count_if(ticks.begin(), ticks.end(),
                             [](auto& t) { return t.source == "ws"; }) >= 3 &&
               std::count_if(ticks.begin(), ticks.end(),
                             [](auto& t) { return t.source == "rest"; }) >= 3;
      },
      3s));
  feed.stop();
  const auto ticks = log.ticks();
  CHECK(std::is_sorted(ticks.begin(), ticks.end(),
                       [](const auto& a, const auto& b) { return a.at < b.at; }));
  CHECK(feed.latest()->at == ticks.back().at);
  CHECK(feed.latest()->usd_price == ticks.back().usd_price);
  // Every tick is counted, the ones too old to hand on included.
  const auto counted = counter(metrics, "btc_ticks_total", {{"source", "ws"}}) +
                       counter(metrics, "btc_ticks_total", {{"source", "rest"}});
  CHECK(counted >= static_cast<double>(ticks.size()));
}

TEST_CASE("a tick handler that throws is logged and the feed goes on") {
  fake_exchange fake(fast_exchange());
  fake.start();
  cambio::metrics::registry metrics;
  std::atomic<int> calls{0};
  btc_feed feed(fast_feed(fake, true, false), metrics, [&](const price_tick&) {
    ++calls;
    throw std::runtime_error("subscriber broke");
  });
  feed.start();
  CHECK(eventually([&] { return calls >= 3; }, 3s));
  CHECK(counter(metrics, "btc_ws_reconnects_total") == 0);
}

TEST_CASE("when the exchange goes away the price goes stale and health says so, it heals") {
  auto fake = std::make_unique<fake_exchange>(fast_exchange());
  fake->start();
  const auto port = fake->port();
  cambio::metrics::registry metrics;
  btc_feed feed(fast_feed(*fake), metrics, nullptr);  // max_age 500 ms
  feed.start();
  REQUIRE(eventually([&] { return feed.health().ok; }, 3s));

  fake->stop();
  const auto stopped_at = steady_clock::now();
  REQUIRE(eventually([&] { return !feed.health().ok; }, 3s));
  CHECK(steady_clock::now() - stopped_at <= 500ms + 300ms);
  CHECK_FALSE(is_fresh(*feed.latest(), system_clock::now(), 500ms));  // still held, but stale
  const auto health = feed.health();
  CHECK(health.detail.find("no fresh price") == 0);
  CHECK(health.detail.find("ws ") != std::string::npos);
  CHECK(metrics.gauge("btc_price_age_seconds", "").value() > 0.3);
  CHECK(errors(metrics, "rest", "network") >= 1);

  fake = std::make_unique<fake_exchange>(fast_exchange(port));  // back, on the same port
  fake->start();
  CHECK(eventually([&] { return feed.health().ok; }, 3s));
  CHECK(eventually([&] { return feed.status().ws.state == link_state::connected; }, 3s));
}

TEST_CASE("stop() is prompt in the middle of a backoff wait") {
  fake_exchange fake(fast_exchange());
  fake.start();
  auto settings = fast_feed(fake);
  settings.backoff = {30s, 30s};
  settings.poll_interval = 60s;
  fake.stop();  // refuses everything: both sources wait, for up to half a minute or a minute
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  REQUIRE(eventually(
      [&] {
        const auto status = feed.status();
        return status.ws.state == link_state::backoff && status.rest.state == link_state::backoff;
      },
      3s));
  const auto stopping = steady_clock::now();
  feed.stop();
  CHECK(steady_clock::now() - stopping < 300ms);
  CHECK(feed.status().ws.state == link_state::stopped);
  CHECK(feed.status().rest.state == link_state::stopped);
}

TEST_CASE("stop() is prompt while connected, idempotent, and leaves the price held") {
  fake_exchange fake(fast_exchange());
  fake.start();
  cambio::metrics::registry metrics;
  btc_feed feed(fast_feed(fake), metrics, nullptr);
  feed.start();
  // Connected is reported before the first trade arrives: wait for a price as well.
  REQUIRE(eventually(
      [&] { return feed.status().ws.state == link_state::connected && feed.latest().has_value(); },
      3s));
  const auto stopping = steady_clock::now();
  feed.stop();
  CHECK(steady_clock::now() - stopping < 300ms);
  feed.stop();
  CHECK(feed.latest());
  CHECK(metrics.gauge("btc_ws_connected", "").value() == 0);
  // The connection is really closed: the fake sees it end.
  CHECK(eventually([&] { return fake.stats().open_streams == 0; }, 2s));
}

TEST_CASE("the metrics are exported") {
  fake_exchange fake(fast_exchange());
  fake.start();
  cambio::metrics::registry metrics;
  btc_feed feed(fast_feed(fake), metrics, nullptr);
  feed.start();
  REQUIRE(eventually([&] { return feed.latest().has_value(); }, 3s));
  CHECK(metrics.gauge("btc_price_usd", "").value() == Approx(43000).epsilon(0.01));
  const auto age = metrics.gauge("btc_price_age_seconds", "").value();
  CHECK(age >= 0);
  CHECK(age < 0.5);
  const auto text = metrics.render();
  for (const char* name : {"btc_ticks_total{source=\"ws\"}", "btc_ws_reconnects_total",
                           "btc_ws_connected 1", "btc_price_usd", "btc_price_age_seconds"}) {
    CHECK_THAT(text, Catch::Contains(name));
  }
}

TEST_CASE("a feed switched off does nothing and is healthy") {
  cambio::metrics::registry metrics;
  btc_feed feed(fast_feed(false, false), metrics, nullptr);
  feed.start();
  feed.stop();
  CHECK_FALSE(feed.latest());
  CHECK(feed.health().ok);
  CHECK(feed.health().detail == "BTC feed off");
}

TEST_CASE("a bad URL of an enabled source is refused at construction") {
  cambio::metrics::registry metrics;
  auto settings = fast_feed(true, false);
  settings.ws_url = "stream.binance.com/ws";
  CHECK_THROWS_AS(btc_feed(settings, metrics, nullptr), std::invalid_argument);
  settings.ws_enabled = false;  // a disabled source's URL is not looked at
  CHECK_NOTHROW(btc_feed(settings, metrics, nullptr));
}
