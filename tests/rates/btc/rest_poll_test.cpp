// The REST ticker poll against the fake exchange: prices, and Binance's ways of saying no.

#include <catch2/catch.hpp>

#include <chrono>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "cambio/testing/infra.hpp"
#include "feed_fixture.hpp"

using namespace btc_test;
using cambio::fakes::rest_fault;
using cambio::testing::eventually;
using std::chrono::steady_clock;

namespace {

// The fake and a REST-only feed polling it every 100 ms (not started: plan faults first).
struct polled_exchange {
  fake_exchange fake{fast_exchange()};
  cambio::metrics::registry metrics;
  tick_log log;
  std::unique_ptr<btc_feed> feed;

  explicit polled_exchange(std::chrono::milliseconds initial_backoff = 50ms) {
    fake.start();
    auto settings = fast_feed(fake, /*ws=*/false, /*rest=*/true);
    settings.backoff = {initial_backoff, initial_backoff * 2};
    feed = std::make_unique<btc_feed>(settings, metrics, log.handler());
  }

  std::vector<steady_clock::duration> gaps() {
    const auto times = fake.rest_request_times();
    std::vector<steady_clock::duration> result;
    for (std::size_t i = 1; i < times.size(); ++i) result.push_back(times[i] - times[i - 1]);
    return result;
  }
};

}  // namespace

TEST_CASE("the ticker is polled at the poll interval and its price becomes the latest") {
  polled_exchange p;
  p.fake.set_price(51234.5);
  p.feed->start();
  REQUIRE(eventually([&] { return p.fake.stats().rest_requests >= 4; }, 3s));
  const auto latest = p.feed->latest();
  REQUIRE(latest);
  CHECK(latest->source == "rest");
  CHECK(latest->usd_price == Approx(51234.5).epsilon(0.001));
  CHECK(p.feed->health().ok);
  CHECK(p.feed->status().rest.state == link_state::connected);
  for (const auto gap : p.gaps()) CHECK(gap >= 90ms);  // every 100 ms, not faster
  CHECK(counter(p.metrics, "btc_ticks_total", {{"source", "rest"}}) >= 3);
}

TEST_CASE("429 and 418 are counted and the next poll waits for Retry-After") {
  const auto [fault, kind] = GENERATE(std::pair{rest_fault::rate_limited, "rate_limited"},
                                      std::pair{rest_fault::banned, "banned"});
  polled_exchange p;
  p.fake.fail_rest(fault, 1, 1s);
  p.feed->start();
  REQUIRE(eventually([&] { return p.feed->latest().has_value(); }, 4s));
  CHECK(errors(p.metrics, "rest", kind) == 1);
  const auto gaps = p.gaps();
  REQUIRE_FALSE(gaps.empty());
  CHECK(gaps.front() >= 1s);  // not the 100 ms poll interval
  CHECK(gaps.front() < 1s + 600ms);
}

TEST_CASE("server errors back off: each retry waits the poll interval plus a growing delay") {
  polled_exchange p(200ms);  // backoff [0,200] ms, then [0,400] ms on top of the 100 ms poll
  p.fake.fail_rest(rest_fault::server_error, 6);
  p.feed->start();
  REQUIRE(eventually([&] { return p.feed->latest().has_value(); }, 5s));
  CHECK(errors(p.metrics, "rest", "server") == 6);
  const auto gaps = p.gaps();
  REQUIRE(gaps.size() >= 6);
  steady_clock::duration waited{};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(gaps[i] >= 90ms);
    waited += gaps[i];
  }
  // The six backoff delays add about 1 s on top of six poll intervals; under 100 ms in all only
  // by a freak of chance.
  CHECK(waited >= 6 * 100ms + 100ms);
  CHECK(p.feed->status().rest.state == link_state::connected);  // recovered
}

TEST_CASE("a malformed or refused ticker is counted and never a price") {
  const auto [fault, kind] = GENERATE(std::pair{rest_fault::malformed, "malformed"},
                                      std::pair{rest_fault::invalid_symbol, "api"},
                                      std::pair{rest_fault::server_error, "server"});
  polled_exchange p;
  p.fake.fail_rest(fault);  // until told otherwise
  p.feed->start();
  REQUIRE(eventually([&] { return errors(p.metrics, "rest", kind) >= 3; }, 3s));
  CHECK_FALSE(p.feed->latest());
  CHECK(p.log.ticks().empty());
  const auto status = p.feed->status();
  CHECK(status.rest.state == link_state::backoff);
  CHECK(status.rest.last_error.find(kind) == 0);
  CHECK_FALSE(p.feed->health().ok);

  p.fake.fail_rest(rest_fault::none);
  CHECK(eventually([&] { return p.feed->latest().has_value(); }, 3s));
}

TEST_CASE("a ticker request that gets no answer times out as a network failure") {
  // A listening socket that never accepts: TCP connects, then nothing answers.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor hole(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  auto settings = fast_feed(/*ws=*/false, /*rest=*/true);
  settings.rest_url = "http://127.0.0.1:" + std::to_string(hole.local_endpoint().port());
  settings.request_timeout = 300ms;
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  const auto started = steady_clock::now();
  feed.start();
  REQUIRE(eventually([&] { return errors(metrics, "rest", "network") >= 1; }, 3s));
  CHECK(steady_clock::now() - started >= 250ms);
  CHECK(feed.status().rest.last_error.find("network: request: ") == 0);
}
