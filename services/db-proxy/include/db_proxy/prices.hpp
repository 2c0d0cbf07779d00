#pragma once
// db.prices.record: the BTC price kept at coarse resolution, one bar per symbol and time bucket.
//   request {symbol: "BTCUSD", bucket_ms: <bucket start, unix ms>, price: 43250.12}
//   reply   {open, high, low, close, ticks} of the bar after the tick.
// A tick updates the bar of its bucket (high/low/close; open stays the first tick's).

#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

nlohmann::json record_price(database& db, const nlohmann::json& params, clock::time_point deadline);

// Serves db.prices.record.
void append_prices(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
