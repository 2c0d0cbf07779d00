#pragma once
// The read side of the rates.* queues: conversion, a day's rates against any base, a history.
// Each takes the request's validated parameters (schemas in proto-schemas/rates.*.json) and
// throws rmqrpc::error: invalid_argument (a bad, unknown or retired currency, a bad date),
// not_found (before the history, a currency the provider does not publish).
//
//   rates.convert {from, to, amount, date?} → {from, to, amount, rate, result, date, ...}
//   rates.latest  {base?, symbols?, date?}  → {provider, base, date, rates}
//   rates.history {base, quote | symbols, from, to} → {provider, base, points: [{date, rates}]}
//
// The current set comes from the cache (no database call); a date before it reads the set on or
// before that date from db-proxy, within the request's deadline.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rates/rate_cache.hpp"
#include "rates/rate_store.hpp"

namespace cambio::rates {

class rate_queries {
 public:
  rate_queries(rate_store& store, rate_cache& cache, bool offline);

  nlohmann::json convert(const nlohmann::json& params, const rmqrpc::call_options& nested);
  nlohmann::json latest(const nlohmann::json& params, const rmqrpc::call_options& nested);
  nlohmann::json history(const nlohmann::json& params, const rmqrpc::call_options& nested);

  // The set on or before `date` (the newest without one); throws not_found.
  std::shared_ptr<const rate_set> set_for(std::optional<cambio::date> date,
                                          const rmqrpc::call_options& nested);

 private:
  rate_store& store_;
  rate_cache& cache_;
  bool offline_;
};

// The date of a request field ("date", "from", "to"): a calendar date not in the future (UTC);
// nullopt when the field is absent. Throws invalid_argument naming the field.
std::optional<cambio::date> requested_date(const nlohmann::json& params, const char* field);

}  // namespace cambio::rates
