#include <catch2/catch.hpp>

#include <stdexcept>

#include "rates/btc/url.hpp"

using cambio::rates::btc::parse_url;

TEST_CASE("Binance's stream URL") {
  const auto u = parse_url("wss://stream.binance.com:9443/ws/btcusdt@trade");
  CHECK(u.scheme == "wss");
  CHECK(u.host == "stream.binance.com");
  CHECK(u.port == "9443");
  CHECK(u.target == "/ws/btcusdt@trade");
  CHECK(u.tls());
  CHECK(u.host_header() == "stream.binance.com:9443");
}

TEST_CASE("default ports and targets") {
  const auto rest = parse_url("https://api.binance.com");
  CHECK(rest.port == "443");
  CHECK(rest.target == "/");
  CHECK(rest.host_header() == "api.binance.com");
  CHECK(parse_url("http://127.0.0.1").port == "80");
  CHECK_FALSE(parse_url("ws://127.0.0.1:8080/ws/x").tls());
  CHECK(parse_url("http://h?x=1").target == "/?x=1");
}

TEST_CASE("IPv6 literals lose their brackets in host and keep them in Host") {
  const auto u = parse_url("ws://[::1]:8080/ws");
  CHECK(u.host == "::1");
  CHECK(u.port == "8080");
  CHECK(u.host_header() == "[::1]:8080");
}

TEST_CASE("bad URLs are refused with a reason") {
  CHECK_THROWS_WITH(parse_url("stream.binance.com"), Catch::Contains("no scheme"));
  CHECK_THROWS_WITH(parse_url("ftp://x"), Catch::Contains("scheme 'ftp'"));
  CHECK_THROWS_WITH(parse_url("https://"), Catch::Contains("no host"));
  CHECK_THROWS_WITH(parse_url("https://:443/x"), Catch::Contains("no host"));
  CHECK_THROWS_WITH(parse_url("https://h:0"), Catch::Contains("bad port"));
  CHECK_THROWS_WITH(parse_url("https://h:65536"), Catch::Contains("bad port"));
  CHECK_THROWS_WITH(parse_url("https://h:x1"), Catch::Contains("bad port"));
  CHECK_THROWS_WITH(parse_url("https://h:"), Catch::Contains("bad port"));
  CHECK_THROWS_WITH(parse_url("https://user:pw@h"), Catch::Contains("credentials"));
  CHECK_THROWS_AS(parse_url("ws://[::1/x"), std::invalid_argument);
}
