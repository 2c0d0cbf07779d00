#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "rates/btc/binance_wire.hpp"

using namespace std::chrono_literals;
using namespace cambio::rates::btc;

namespace {

// Binance's documented example, with a BTC-like price.
const std::string trade =
    R"({"e":"trade","E":1672515782136,"s":"BTCUSDT","t":12345,"p":"43250.12000000",)"
    R"("q":"100","T":1672515782130,"m":true,"M":true})";

std::string trade_with(const std::string& field, const std::string& json_value) {
  auto frame = std::string(R"({"e":"trade","E":1672515782136,"s":"BTCUSDT","t":12345,)") +
               R"("p":"43250.12","q":"1","T":1672515782130,"m":true,"M":true})";
  const auto key = "\"" + field + "\":";
  const auto start = frame.find(key) + key.size();
  const auto end = frame.find_first_of(",}", start);
  return frame.replace(start, end - start, json_value);
}

}  // namespace

TEST_CASE("a trade frame gives a ws tick at the trade time T") {
  const auto tick = parse_trade_frame(trade, "BTCUSDT");
  REQUIRE(tick);
  CHECK(tick->usd_price == Approx(43250.12));
  CHECK(tick->at == std::chrono::system_clock::time_point(1672515782130ms));  // T, not E
  CHECK(tick->source == "ws");
}

TEST_CASE("a price sent as a JSON number is accepted like the decimal string") {
  const auto tick = parse_trade_frame(trade_with("p", "43250.5"), "BTCUSDT");
  REQUIRE(tick);
  CHECK(tick->usd_price == Approx(43250.5));
}

TEST_CASE("well-formed messages that are not trades are ignored, not errors") {
  CHECK_FALSE(parse_trade_frame(
      R"({"e":"aggTrade","E":1,"s":"BTCUSDT","a":1,"p":"1.0","q":"1","T":1})", "BTCUSDT"));
  CHECK_FALSE(parse_trade_frame(R"({"e":"24hrTicker","E":1,"s":"BTCUSDT"})", "BTCUSDT"));
  CHECK_FALSE(parse_trade_frame(R"({"result":null,"id":1})", "BTCUSDT"));  // a request's reply
}

TEST_CASE("malformed frames are wire errors") {
  const char* frames[] = {
      "",
      "not json",
      R"({"e":"trade","s":"BTCUSDT","p":"43000.1)",  // truncated
      "[1,2,3]",
      R"("trade")",
      R"({"E":1,"s":"BTCUSDT","p":"1.0","T":1})",  // no event type
      R"({"e":7})",
  };
  for (const auto* frame : frames) {
    INFO(frame);
    CHECK_THROWS_AS(parse_trade_frame(frame, "BTCUSDT"), wire_error);
  }
}

TEST_CASE("a trade with a missing or invalid field is a wire error") {
  const std::string bad[] = {
      trade_with("p", R"("")"),
      trade_with("p", R"("abc")"),
      trade_with("p", R"("-1.5")"),
      trade_with("p", R"("0.00000000")"),
      trade_with("p", R"("1e400")"),
      trade_with("p", R"("nan")"),
      trade_with("p", R"("43250.12x")"),
      trade_with("p", R"(" 43250.12")"),
      trade_with("p", "true"),
      trade_with("p", "null"),
      trade_with("p", "-3"),
      trade_with("T", R"("1672515782130")"),
      trade_with("T", "0"),
      trade_with("T", "1.5"),
      trade_with("s", "null"),
  };
  for (const auto& frame : bad) {
    INFO(frame);
    CHECK_THROWS_AS(parse_trade_frame(frame, "BTCUSDT"), wire_error);
  }
  CHECK_THROWS_AS(parse_trade_frame(R"({"e":"trade","s":"BTCUSDT","T":1})", "BTCUSDT"), wire_error);
}

TEST_CASE("a trade of another symbol is a wire error: never take its price for ours") {
  CHECK_THROWS_WITH(parse_trade_frame(trade_with("s", R"("ETHUSDT")"), "BTCUSDT"),
                    Catch::Contains("ETHUSDT"));
  CHECK_THROWS_AS(parse_trade_frame(trade_with("s", R"("btcusdt")"), "BTCUSDT"), wire_error);
}

TEST_CASE("the ticker reply gives its price") {
  CHECK(parse_ticker(R"({"symbol":"BTCUSDT","price":"43250.12000000"})", "BTCUSDT") ==
        Approx(43250.12));
  CHECK(parse_ticker(R"({"price":43250.5,"symbol":"BTCUSDT"})", "BTCUSDT") == Approx(43250.5));
}

TEST_CASE("a malformed ticker or one of another symbol is a wire error") {
  const char* bodies[] = {
      R"({"symbol":"ETHUSDT","price":"2250.00000000"})",
      R"({"symbol":"BTCUSDT"})",
      R"({"price":"43250.12000000"})",
      R"({"symbol":"BTCUSDT","price":"n/a"})",
      R"({"symbol":"BTCUSDT","price":)",
      R"([{"symbol":"BTCUSDT","price":"43250.12000000"}])",  // the all-symbols list
      R"({"code":-1121,"msg":"Invalid symbol."})",
  };
  for (const auto* body : bodies) {
    INFO(body);
    CHECK_THROWS_AS(parse_ticker(body, "BTCUSDT"), wire_error);
  }
}

TEST_CASE("Binance's error body is recognised") {
  const auto error = parse_api_error(R"({"code":-1121,"msg":"Invalid symbol."})");
  REQUIRE(error);
  CHECK(error->code == -1121);
  CHECK(error->msg == "Invalid symbol.");
  CHECK_FALSE(parse_api_error(R"({"symbol":"BTCUSDT","price":"1.0"})"));
  CHECK_FALSE(parse_api_error("<html>502 Bad Gateway</html>"));
  CHECK_FALSE(parse_api_error(R"({"code":"x","msg":"y"})"));
}
