// The trade stream against the fake exchange: prices, pings, and every way a connection ends.

#include <catch2/catch.hpp>

#include <chrono>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "cambio/testing/infra.hpp"
#include "feed_fixture.hpp"

using namespace btc_test;
using cambio::testing::eventually;
using std::chrono::steady_clock;
using std::chrono::system_clock;

namespace {

// The fake and a stream-only feed on it, started, with its first trade in.
struct connected_stream {
  fake_exchange fake{fast_exchange()};
  cambio::metrics::registry metrics;
  tick_log log;
  btc_feed feed;

  explicit connected_stream(feed_settings (*tune)(feed_settings) = nullptr)
      : feed(settings(tune), metrics, log.handler()) {
    feed.start();
    REQUIRE(eventually([&] { return feed.latest().has_value(); }, 3s));
  }

  feed_settings settings(feed_settings (*tune)(feed_settings)) {
    fake.start();
    auto s = fast_feed(fake, /*ws=*/true, /*rest=*/false);
    return tune ? tune(s) : s;
  }

  std::size_t accepted() { return fake.stats().streams_accepted; }
};

// A listening socket that never accepts: the kernel completes TCP handshakes for it, and then
// nothing ever answers.
struct black_hole {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)};
  std::string url(const std::string& scheme, const std::string& target) {
    return scheme + "://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + target;
  }
};

}  // namespace

TEST_CASE("the stream's trades become the latest price") {
  connected_stream s;
  const auto latest = s.feed.latest();
  CHECK(latest->source == "ws");
  CHECK(latest->usd_price == Approx(43000).epsilon(0.01));
  CHECK(s.feed.health().ok);
  CHECK(s.feed.status().ws.state == link_state::connected);
  CHECK(s.metrics.gauge("btc_ws_connected", "").value() == 1);

  s.fake.set_price(50000);
  CHECK(eventually([&] { return s.feed.latest()->usd_price > 49000; }, 2s));
  CHECK(counter(s.metrics, "btc_ticks_total", {{"source", "ws"}}) >= 2);
}

TEST_CASE("the feed answers the server's pings") {
  connected_stream s;
  CHECK(eventually([&] { return s.fake.stats().pongs_received >= 2; }, 3s));
}

TEST_CASE("a normal close (Binance's 24 h disconnect) reconnects at once, not as an error") {
  connected_stream s([](feed_settings f) {
    f.backoff = {10s, 10s};  // were the backoff used, the reconnect would take seconds
    return f;
  });
  s.fake.close_streams(1000);
  const auto closed_at = steady_clock::now();
  REQUIRE(eventually([&] { return s.accepted() == 2; }, 3s));
  CHECK(steady_clock::now() - closed_at < 1s);
  CHECK(counter(s.metrics, "btc_ws_reconnects_total") == 1);
  for (const char* kind : {"disconnect", "connect", "stall", "handshake"}) {
    CHECK(errors(s.metrics, "ws", kind) == 0);
  }
  const auto after = system_clock::now();
  CHECK(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
}

TEST_CASE("an abrupt reset is a disconnect: counted, then reconnected after a backoff") {
  connected_stream s;
  s.fake.reset_streams();
  REQUIRE(eventually([&] { return s.accepted() == 2; }, 3s));
  CHECK(errors(s.metrics, "ws", "disconnect") == 1);
  CHECK(counter(s.metrics, "btc_ws_reconnects_total") == 1);
  const auto after = system_clock::now();
  CHECK(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
}

TEST_CASE("a silent stall is detected within the stall timeout and reconnected") {
  connected_stream s;  // stall_timeout 400 ms, a trade every 50 ms
  s.fake.stall_streams();
  const auto stalled_at = steady_clock::now();
  REQUIRE(eventually([&] { return errors(s.metrics, "ws", "stall") == 1; }, 3s));
  const auto detected_after = steady_clock::now() - stalled_at;
  // The last trade came at most 50 ms before the stall; the watchdog fires 400 ms after it.
  CHECK(detected_after >= 300ms);
  CHECK(detected_after <= 400ms + 300ms);
  // The stalled connection kept answering pings (the fake still reads): only the trade watchdog
  // could have caught it.
  REQUIRE(eventually([&] { return s.accepted() == 2; }, 2s));
  const auto after = system_clock::now();
  CHECK(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
}

TEST_CASE("a few malformed frames are counted and ignored, the connection stays") {
  connected_stream s;  // reconnects after 5 in a row
  s.fake.send_garbage(4);
  REQUIRE(eventually([&] { return errors(s.metrics, "ws", "malformed") == 4; }, 2s));
  const auto after = system_clock::now();
  REQUIRE(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
  CHECK(s.accepted() == 1);
  CHECK(counter(s.metrics, "btc_ws_reconnects_total") == 0);
  for (const auto& tick : s.log.ticks()) CHECK(tick.usd_price == Approx(43000).epsilon(0.01));
}

TEST_CASE("well-formed non-trade messages are ignored and break a run of malformed frames") {
  connected_stream s;
  s.fake.send_garbage(4);
  s.fake.send_frame(R"({"e":"24hrTicker","E":1672515782136,"s":"BTCUSDT","c":"1.0"})");
  s.fake.send_frame(R"({"result":null,"id":1})");
  s.fake.send_garbage(4);
  REQUIRE(eventually([&] { return errors(s.metrics, "ws", "malformed") == 8; }, 2s));
  const auto after = system_clock::now();
  REQUIRE(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
  CHECK(s.accepted() == 1);
  CHECK(errors(s.metrics, "ws", "garbage") == 0);
}

TEST_CASE("a connection that keeps sending garbage is replaced") {
  connected_stream s;
  s.fake.send_garbage(50);
  REQUIRE(eventually([&] { return errors(s.metrics, "ws", "garbage") == 1; }, 2s));
  // The feed stopped reading at the fifth: the other 45 died with the connection.
  CHECK(errors(s.metrics, "ws", "malformed") == 5);
  REQUIRE(eventually([&] { return s.accepted() == 2; }, 2s));
  const auto after = system_clock::now();
  CHECK(eventually([&] { return has_tick_after(s.feed, after); }, 2s));
}

TEST_CASE("refused connections back off instead of hammering") {
  fake_exchange fake(fast_exchange());
  fake.start();
  auto settings = fast_feed(fake, true, false);  // backoff 50 ms doubling to 200 ms
  fake.stop();                                   // nothing listens on its port any more
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  const auto started = steady_clock::now();
  feed.start();
  REQUIRE(eventually([&] { return errors(metrics, "ws", "connect") >= 10; }, 5s));
  // Nine delays drawn from [0,50], [0,100], then [0,200] ms: about 0.8 s in all, and far more
  // than 150 ms but for a freak of chance. Without the backoff ten refusals take a millisecond.
  CHECK(steady_clock::now() - started >= 150ms);
  CHECK(counter(metrics, "btc_ws_reconnects_total") >= 9);
  CHECK_FALSE(feed.latest());
  CHECK_FALSE(feed.health().ok);
  CHECK(feed.status().ws.last_error.find("connect: ") == 0);
}

TEST_CASE("a stream that accepts TCP but never answers the handshake times out") {
  black_hole hole;
  auto settings = fast_feed(/*ws=*/true, /*rest=*/false);
  settings.ws_url = hole.url("ws", "/ws/btcusdt@trade");
  settings.request_timeout = 300ms;
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  CHECK(eventually([&] { return errors(metrics, "ws", "handshake") >= 1; }, 3s));
  CHECK(feed.status().ws.last_error.find("handshake") != std::string::npos);
}

TEST_CASE("wss to a server without TLS fails in the TLS handshake, never with a price") {
  fake_exchange fake(fast_exchange());
  fake.start();
  auto settings = fast_feed(fake, true, false);
  settings.ws_url = "wss://127.0.0.1:" + std::to_string(fake.port()) + "/ws/btcusdt@trade";
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  CHECK(eventually([&] { return errors(metrics, "ws", "tls") >= 1; }, 3s));
  CHECK_FALSE(feed.latest());
}

TEST_CASE("a stream path the server does not serve fails the WebSocket handshake") {
  fake_exchange fake(fast_exchange());
  fake.start();
  auto settings = fast_feed(fake, true, false);
  settings.ws_url = "ws://127.0.0.1:" + std::to_string(fake.port()) + "/ws/ethusdt@trade";
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  CHECK(eventually([&] { return errors(metrics, "ws", "handshake") >= 1; }, 3s));
  CHECK(fake.stats().streams_accepted == 0);
}
