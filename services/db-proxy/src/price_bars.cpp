#include "cambio/service.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/prices.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/sql_values.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_upsert_bar{"upsert_price_bar", R"(
  INSERT INTO price_bars AS b (symbol, bucket, open, high, low, close)
  VALUES ($1, to_timestamp($2::bigint / 1000.0), $3::numeric, $3::numeric, $3::numeric, $3::numeric)
  ON CONFLICT (symbol, bucket) DO UPDATE
    SET high = greatest(b.high, excluded.high), low = least(b.low, excluded.low),
        close = excluded.close, ticks = b.ticks + 1
  RETURNING open::text, high::text, low::text, close::text, ticks)"};

}  // namespace

nlohmann::json record_price(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto& symbol = params.at("symbol").get_ref<const std::string&>();
  const auto bucket_ms = params.at("bucket_ms").get<long long>();
  const auto price = decimal_text(params.at("price").get<double>());
  return db.pool.with_connection(k_upsert_bar.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto row = exec(tx, k_upsert_bar, symbol, bucket_ms, price)[0];
    tx.commit();
    return nlohmann::json{{"open", parse_decimal(row[0].c_str())},
                          {"high", parse_decimal(row[1].c_str())},
                          {"low", parse_decimal(row[2].c_str())},
                          {"close", parse_decimal(row[3].c_str())},
                          {"ticks", row[4].as<int>()}};
  });
}

void append_prices(cambio::service& service, std::shared_ptr<database> db) {
  service.server().handle("db.prices.record", [db = std::move(db)](const rmqrpc::request& r) {
    return record_price(*db, r.params(), r.deadline());
  });
}

}  // namespace cambio::db_proxy
