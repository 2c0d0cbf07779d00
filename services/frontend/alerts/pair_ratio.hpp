#pragma once
// The current ratio of an alert's pair, shown beside it: units of quote per 1 base,
// r(quote) / r(base) within the newest rate set (rates.latest, one call per page), or for a pair
// with BTC the current BTC price in the other currency (rates.btc, one call per other currency).
// Pure functions over the backends' replies.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cambio::frontend::alerts {

// What the rates backend said this time; parts it could not say are missing.
struct market {
  std::string rates_base;               // the newest set's base ("EUR")
  std::string rates_date;               // its rate date ("2026-04-13"); "" without a set
  std::map<std::string, double> rates;  // currency → units per 1 base (the base itself too)
  std::map<std::string, std::pair<double, std::string>> btc;  // currency → (price, at)
};

struct current_ratio {
  double value = 0;
  std::string date;  // the rate date, or the BTC price's time (…T…Z)
  bool btc = false;  // from the BTC price feed
};

// Adds a rates.latest reply ({base, date, rates}) to `m`.
void add_latest(market& m, const nlohmann::json& latest_reply);
// Adds a rates.btc reply ({currency, price, at}) to `m`.
void add_btc(market& m, const nlohmann::json& btc_reply);

// The other currencies of the pairs that involve BTC (what rates.btc must be asked for).
std::set<std::string> btc_currencies(const std::vector<std::pair<std::string, std::string>>& pairs);

// base/quote now, or nullopt when `m` lacks a side.
std::optional<current_ratio> ratio_of(const market& m, const std::string& base,
                                      const std::string& quote);

}  // namespace cambio::frontend::alerts
