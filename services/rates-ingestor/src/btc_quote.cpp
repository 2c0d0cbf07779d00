#include "rates/btc_quote.hpp"

#include <cstdio>

#include "rates/conversion.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {

std::string utc_text(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const hh_mm_ss<milliseconds> time{ms - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03dZ",
                cambio::to_iso(year_month_day{day}).c_str(), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return buffer;
}

nlohmann::json btc_quote(const std::optional<btc::price_tick>& tick,
                         std::chrono::system_clock::time_point now,
                         std::chrono::milliseconds max_age, const rate_set* fiat,
                         const std::string& currency) {
  require_active_currency("currency", currency);
  if (currency == "BTC") {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "currency: BTC in BTC is always 1");
  }
  if (!tick) throw rmqrpc::error(rmqrpc::errc::unavailable, "no BTC price received yet");
  const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - tick->at);
  if (!btc::is_fresh(*tick, now, max_age)) {
    throw rmqrpc::error(rmqrpc::errc::unavailable,
                        "the BTC price is stale: the newest is " +
                            std::to_string(age.count() / 1000) + " s old (limit " +
                            std::to_string(max_age.count() / 1000) + " s)",
                        {{"age_ms", age.count()}, {"at", utc_text(tick->at)}});
  }
  double price = tick->usd_price;
  nlohmann::json reply = {{"currency", currency},
                          {"usd_price", tick->usd_price},
                          {"at", utc_text(tick->at)},
                          {"age_ms", std::max<long long>(0, age.count())},
                          {"source", tick->source}};
  if (currency != "USD") {
    if (fiat == nullptr) {
      throw rmqrpc::error(rmqrpc::errc::unavailable, "no rates held to convert USD to " + currency);
    }
    price *= cross_rate(*fiat, "USD", currency);
    reply["rate_date"] = cambio::to_iso(fiat->date);
  }
  reply["price"] = price;
  return reply;
}

}  // namespace cambio::rates
