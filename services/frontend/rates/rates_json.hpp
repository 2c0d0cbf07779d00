#pragma once
// The JSON API's answers, shaped like Frankfurter's (https://frankfurter.dev) from the rates.*
// replies: rates multiplied by the amount and rounded as Frankfurter does (5 significant digits),
// the provider and the offline flag added.
//
//   latest / a date: {"amount":10.0,"base":"USD","date":"2026-04-13","rates":{"EUR":8.5587,...},
//                     "provider":"ecb-csv","offline":true}
//   a range:         {"amount":1.0,"base":"EUR","start_date":"2024-01-02","end_date":"2024-01-31",
//                     "rates":{"2024-01-02":{"USD":1.0956,...},...},"provider":...,"offline":...}

#include <vector>

#include <nlohmann/json.hpp>

#include "rates/rates_query.hpp"

namespace cambio::frontend {

// `value` to 5 significant digits (1.09559 → 1.0956, 20082.05 → 20082).
double round_rate(double value);

// A rates.latest reply in Frankfurter's shape, each rate × amount.
nlohmann::json frankfurter_rates(const nlohmann::json& latest_reply, const amount& a);

// rates.history replies (one per chunk of currencies, same base and range) merged into one
// Frankfurter range, dates ascending. start_date and end_date are the first and last rate dates.
// Throws rmqrpc::error(not_found) when no set falls in the range.
nlohmann::json frankfurter_range(const std::vector<nlohmann::json>& history_replies,
                                 const amount& a);

}  // namespace cambio::frontend
