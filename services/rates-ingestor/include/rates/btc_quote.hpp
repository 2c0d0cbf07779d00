#pragma once
// rates.btc: the BTC price in any currency the rate set holds, through USD:
// price(C) = usd_price × r(C)/r(USD) on the newest rate set. A price older than max_age is never
// served as current: `unavailable`, saying how old it is.
//
//   {currency: "EUR"} → {currency, price, usd_price, at, age_ms, source, rate_date?}

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rates/btc/price_tick.hpp"
#include "rates/rate_set.hpp"

namespace cambio::rates {

// `fiat` may be null when the currency is USD. Throws rmqrpc::error: unavailable (no price, or a
// stale one), invalid_argument (a bad currency), not_found (no USD rate in the set).
nlohmann::json btc_quote(const std::optional<btc::price_tick>& tick,
                         std::chrono::system_clock::time_point now,
                         std::chrono::milliseconds max_age, const rate_set* fiat,
                         const std::string& currency);

// A unix-millisecond time as ISO 8601 UTC text, e.g. "2026-11-22T09:00:00.125Z".
std::string utc_text(std::chrono::system_clock::time_point t);

}  // namespace cambio::rates
