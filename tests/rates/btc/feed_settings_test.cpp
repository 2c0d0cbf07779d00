#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>

#include "cambio/config.hpp"
#include "rates/btc/feed_settings.hpp"

using namespace std::chrono_literals;
using cambio::config;
using cambio::config_error;
using cambio::rates::btc::feed_settings;

namespace {

feed_settings read(const std::map<std::string, std::string>& values) {
  return cambio::rates::btc::read_feed_settings(config(values));
}

}  // namespace

TEST_CASE("defaults: both sources against Binance") {
  const auto s = read({});
  CHECK(s.rest_enabled);
  CHECK(s.ws_enabled);
  CHECK(s.rest_url == "https://api.binance.com");
  CHECK(s.ws_url == "wss://stream.binance.com:9443/ws/btcusdt@trade");
  CHECK(s.poll_interval == 15000ms);
  CHECK(s.stall_timeout == 30000ms);
  CHECK(s.max_age == 60000ms);
  CHECK(s.publish.min_interval == 1000ms);
  CHECK(s.publish.move_fraction == Approx(0.005));
}

TEST_CASE("every setting is read") {
  const auto s = read({{"CAMBIO_BTC_FEED", "ws"},
                       {"CAMBIO_BTC_REST_URL", "http://127.0.0.1:9000"},
                       {"CAMBIO_BTC_WS_URL", "ws://127.0.0.1:9000/ws/x"},
                       {"CAMBIO_BTC_POLL_MS", "2000"},
                       {"CAMBIO_BTC_STALL_MS", "3000"},
                       {"CAMBIO_BTC_MAX_AGE_MS", "4000"},
                       {"CAMBIO_BTC_PUBLISH_MS", "250"},
                       {"CAMBIO_BTC_PUBLISH_MOVE_BP", "25"}});
  CHECK_FALSE(s.rest_enabled);
  CHECK(s.ws_enabled);
  CHECK(s.rest_url == "http://127.0.0.1:9000");
  CHECK(s.ws_url == "ws://127.0.0.1:9000/ws/x");
  CHECK(s.poll_interval == 2000ms);
  CHECK(s.stall_timeout == 3000ms);
  CHECK(s.max_age == 4000ms);
  CHECK(s.publish.min_interval == 250ms);
  CHECK(s.publish.move_fraction == Approx(0.0025));
}

TEST_CASE("feed modes") {
  auto mode = [](const char* m) { return read({{"CAMBIO_BTC_FEED", m}}); };
  CHECK(mode("rest").rest_enabled);
  CHECK_FALSE(mode("rest").ws_enabled);
  CHECK(mode("ws,rest").rest_enabled);
  CHECK(mode("ws,rest").ws_enabled);
  CHECK_FALSE(mode("off").rest_enabled);
  CHECK_FALSE(mode("off").ws_enabled);
  CHECK_THROWS_WITH(mode("websocket"), Catch::Contains("CAMBIO_BTC_FEED='websocket'"));
  CHECK(mode("").ws_enabled);  // empty is unset (cambio::config): the default
  CHECK_THROWS_AS(mode(","), config_error);
  CHECK_THROWS_AS(mode("rest,"), config_error);
}

TEST_CASE("bad values are start-up errors naming the setting") {
  CHECK_THROWS_WITH(read({{"CAMBIO_BTC_WS_URL", "stream.binance.com"}}),
                    Catch::Contains("CAMBIO_BTC_WS_URL"));
  CHECK_THROWS_WITH(read({{"CAMBIO_BTC_REST_URL", "ftp://x"}}),
                    Catch::Contains("CAMBIO_BTC_REST_URL"));
  CHECK_THROWS_WITH(read({{"CAMBIO_BTC_POLL_MS", "0"}}), Catch::Contains("CAMBIO_BTC_POLL_MS"));
  CHECK_THROWS_AS(read({{"CAMBIO_BTC_STALL_MS", "soon"}}), config_error);
  CHECK_THROWS_AS(read({{"CAMBIO_BTC_PUBLISH_MOVE_BP", "-1"}}), config_error);
}
