#pragma once
// One observed BTC price and whether it is still fresh enough to quote.

#include <chrono>
#include <string>

namespace cambio::rates::btc {

struct price_tick {
  double usd_price = 0;  // BTCUSDT's price: USDT is treated as USD
  // Exchange time: a trade's time for "ws"; for "rest" the time the reply arrived (Binance's
  // ticker carries no timestamp).
  std::chrono::system_clock::time_point at;
  std::string source;  // "rest" | "ws"
};

// A tick is fresh while it is at most `max_age` old at `now`. A tick from the future (clock skew
// between the exchange and us) counts as fresh: its age is taken as zero.
bool is_fresh(const price_tick& tick, std::chrono::system_clock::time_point now,
              std::chrono::milliseconds max_age);

}  // namespace cambio::rates::btc
