#pragma once
// The fake's market (private): a price on a small random walk, and the messages that carry it in
// Binance's formats. No I/O, so it reads like the wire documentation.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace cambio::fakes {

class market {
 public:
  market(double start_price, std::string symbol, std::uint64_t seed);

  // The walk goes on from `price`.
  void set_price(double price) { price_ = price; }
  double price() const { return price_; }
  // One step: up or down by at most 0.02 %, like a few seconds of BTC on a calm day.
  void step();

  // {"e":"trade","E":..,"s":"BTCUSDT","t":..,"p":"43012.50000000","q":"0.01200000","T":..,
  //  "m":true,"M":true}: a new trade at the current price and time `now`.
  std::string next_trade_frame(std::chrono::system_clock::time_point now);
  // {"symbol":"BTCUSDT","price":"43012.50000000"}
  std::string ticker_body() const;
  const std::string& symbol() const { return symbol_; }

 private:
  double price_;
  std::string symbol_;
  std::mt19937_64 rng_;
  std::uint64_t trade_id_ = 1;
};

// Binance's decimal strings: eight decimals.
std::string binance_decimal(double value);

// The n-th of a cycle of malformed frames: not JSON, truncated, a trade without a time, a price
// that is not a number, a JSON array.
std::string garbage_frame(std::size_t n);

}  // namespace cambio::fakes
