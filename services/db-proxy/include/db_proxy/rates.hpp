#pragma once
// The db.rates.* queues: reference-rate sets stored once per (provider, rate date), and the reads
// the rates-ingestor serves conversions and history from. Schemas: proto-schemas/db.rates.*.json.
//
//   db.rates.store    {provider, sets: [{date, base, rates}]}  → {stored_dates, existing}
//   db.rates.get      {provider, date?}       → the set on or before `date` (default: the newest)
//   db.rates.history  {provider, from, to, currencies}  → {points: [{date, base, rates}]}
//   db.rates.dates    {provider, from, to}    → {dates}
//   db.rates.summary  {provider}              → {days_held, first_date, last_date, last_stored_at}
//   db.rates.prune    {provider, before, keep_at_least}  → {deleted}
//
// Each function takes the validated request parameters and the request's deadline, and throws
// rmqrpc::error: invalid_argument (a weekend date, an unknown currency, a date twice), not_found,
// unavailable (the database).

#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

nlohmann::json store_rate_sets(database& db, const nlohmann::json& params,
                               clock::time_point deadline);
nlohmann::json get_rate_set(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json rate_history(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json rate_dates(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json rate_summary(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json prune_rate_sets(database& db, const nlohmann::json& params,
                               clock::time_point deadline);

// Serves the db.rates.* queues.
void append_rates(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
