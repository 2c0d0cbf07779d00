#include "market.hpp"

#include <array>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace cambio::fakes {

market::market(double start_price, std::string symbol, std::uint64_t seed)
    : price_(start_price), symbol_(std::move(symbol)), rng_(seed) {}

void market::step() {
  std::uniform_real_distribution<double> move(-0.0002, 0.0002);
  price_ *= 1.0 + move(rng_);
}

std::string market::next_trade_frame(std::chrono::system_clock::time_point now) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::uniform_real_distribution<double> quantity(0.0001, 0.5);
  std::bernoulli_distribution buyer_is_maker(0.5);
  const nlohmann::ordered_json frame = {{"e", "trade"},
                                        {"E", ms},
                                        {"s", symbol_},
                                        {"t", trade_id_++},
                                        {"p", binance_decimal(price_)},
                                        {"q", binance_decimal(quantity(rng_))},
                                        {"T", ms},
                                        {"m", buyer_is_maker(rng_)},
                                        {"M", true}};
  return frame.dump();
}

std::string market::ticker_body() const {
  return nlohmann::ordered_json{{"symbol", symbol_}, {"price", binance_decimal(price_)}}.dump();
}

std::string binance_decimal(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.8f", value);
  return text;
}

std::string garbage_frame(std::size_t n) {
  static const std::array<const char*, 5> frames = {
      "this is not json",
      R"({"e":"trade","s":"BTCUSDT","p":"43000.1)",
      R"({"e":"trade","s":"BTCUSDT","t":1,"p":"43000.10000000","q":"1"})",
      R"({"e":"trade","s":"BTCUSDT","t":1,"p":"forty-three","q":"1","T":1700000000000})",
      R"([1,2,3])",
  };
  return frames[n % frames.size()];
}

}  // namespace cambio::fakes
