#include <catch2/catch.hpp>

#include <chrono>

#include "rates/btc/ticker_reply.hpp"

using namespace std::chrono_literals;
using namespace cambio::rates::btc;

namespace {

const char* ticker = R"({"symbol":"BTCUSDT","price":"43250.12000000"})";

}  // namespace

TEST_CASE("200 with the ticker is a price") {
  const auto reply = classify_ticker_reply(200, "", ticker, "BTCUSDT");
  REQUIRE(reply.price);
  CHECK(*reply.price == Approx(43250.12));
}

TEST_CASE("429 is rate_limited with Binance's Retry-After") {
  const auto reply =
      classify_ticker_reply(429, "7", R"({"code":-1003,"msg":"Too many requests."})", "BTCUSDT");
  CHECK_FALSE(reply.price);
  CHECK(reply.failure == rest_failure::rate_limited);
  CHECK(reply.retry_after == 7s);
  CHECK(reply.message == "HTTP 429 (Binance -1003: Too many requests.)");
}

TEST_CASE("418 is banned, honouring Retry-After too") {
  const auto reply = classify_ticker_reply(418, "120", "", "BTCUSDT");
  CHECK(reply.failure == rest_failure::banned);
  CHECK(reply.retry_after == 120s);
}

TEST_CASE("5xx is a server failure, whatever the body") {
  for (int status : {500, 502, 503, 504}) {
    const auto reply = classify_ticker_reply(status, "", "<html>Bad Gateway</html>", "BTCUSDT");
    CHECK_FALSE(reply.price);
    CHECK(reply.failure == rest_failure::server);
    CHECK(reply.message == "HTTP " + std::to_string(status));
  }
}

TEST_CASE("another 4xx is an API failure carrying Binance's code and message") {
  const auto reply =
      classify_ticker_reply(400, "", R"({"code":-1121,"msg":"Invalid symbol."})", "BTCUSDT");
  CHECK(reply.failure == rest_failure::api);
  CHECK(reply.message == "HTTP 400 (Binance -1121: Invalid symbol.)");
  CHECK_FALSE(reply.retry_after);
}

TEST_CASE("200 without the documented ticker is malformed, never a price") {
  const auto truncated =
      classify_ticker_reply(200, "", R"({"symbol":"BTCUSDT","price":)", "BTCUSDT");
  CHECK_FALSE(truncated.price);
  CHECK(truncated.failure == rest_failure::malformed);
  const auto other =
      classify_ticker_reply(200, "", R"({"symbol":"ETHUSDT","price":"1.0"})", "BTCUSDT");
  CHECK_FALSE(other.price);
  CHECK(other.failure == rest_failure::malformed);
  // An error body with status 200 is still Binance's error.
  const auto error =
      classify_ticker_reply(200, "", R"({"code":-1121,"msg":"Invalid symbol."})", "BTCUSDT");
  CHECK(error.failure == rest_failure::api);
}

TEST_CASE("Retry-After is taken as delta-seconds only") {
  CHECK(parse_retry_after("0") == 0s);
  CHECK(parse_retry_after("30") == 30s);
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("-5"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}

TEST_CASE("failure kinds have stable metric labels") {
  CHECK(to_string(rest_failure::network) == "network");
  CHECK(to_string(rest_failure::rate_limited) == "rate_limited");
  CHECK(to_string(rest_failure::banned) == "banned");
  CHECK(to_string(rest_failure::server) == "server");
  CHECK(to_string(rest_failure::api) == "api");
  CHECK(to_string(rest_failure::malformed) == "malformed");
}
