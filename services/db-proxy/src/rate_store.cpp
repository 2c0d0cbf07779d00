// db.rates.store: rate sets in bulk (a day from the schedule, or years from a backfill), each
// stored once per (provider, rate date). Two statements per request whatever its size: the sets,
// then all their rates, each through unnest() over array parameters.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cambio/currency.hpp"
#include "cambio/iso_date.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/rates.hpp"
#include "db_proxy/sql_values.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// Returns only the sets it inserted: one already held is left exactly as it was.
constexpr query k_insert_sets{"insert_rate_sets", R"(
  INSERT INTO rate_sets (provider, rate_date, base)
  SELECT $1, d, b FROM unnest($2::date[], $3::text[]) AS s(d, b)
  ON CONFLICT (provider, rate_date) DO NOTHING
  RETURNING id, rate_date::text)"};

constexpr query k_insert_rates{"insert_rates", R"(
  INSERT INTO rates (set_id, currency, rate)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::numeric[]))"};

[[noreturn]] void reject(const std::string& message) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message);
}

void check_currency(const std::string& code, const std::string& date) {
  if (cambio::currency::find(code) == nullptr) {
    reject("set " + date + ": unknown currency '" + code + "'");
  }
}

// The checks the schema cannot express; the database's constraints back them up.
void check_set(const nlohmann::json& set, std::set<std::string>& dates) {
  const auto& date_text = set.at("date").get_ref<const std::string&>();
  const auto date = cambio::parse_iso_date(date_text);
  if (!date) reject("set " + date_text + ": not a calendar date");
  if (!cambio::is_weekday(*date)) reject("set " + date_text + ": a weekend has no rates");
  if (!dates.insert(date_text).second) reject("set " + date_text + " appears twice");
  const auto& base = set.at("base").get_ref<const std::string&>();
  check_currency(base, date_text);
  for (const auto& [code, rate] : set.at("rates").items()) {
    check_currency(code, date_text);
    if (code == base) reject("set " + date_text + ": the base " + base + " has no rate of its own");
  }
}

}  // namespace

nlohmann::json store_rate_sets(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  const auto& provider = params.at("provider").get_ref<const std::string&>();
  const auto& sets = params.at("sets");

  std::set<std::string> seen;
  std::vector<std::string> dates;
  std::vector<std::string> bases;
  for (const auto& set : sets) {
    check_set(set, seen);
    dates.push_back(set.at("date").get<std::string>());
    bases.push_back(set.at("base").get<std::string>());
  }

  return db.pool.with_connection(k_insert_sets.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    std::map<std::string, std::string> new_ids;  // rate date → set id
    for (const auto& row : exec(tx, k_insert_sets, provider, pg_array(dates), pg_array(bases))) {
      new_ids.emplace(row[1].as<std::string>(), row[0].as<std::string>());
    }
    std::vector<std::string> ids;
    std::vector<std::string> currencies;
    std::vector<std::string> values;
    for (const auto& set : sets) {
      const auto id = new_ids.find(set.at("date").get<std::string>());
      if (id == new_ids.end()) continue;
      for (const auto& [code, rate] : set.at("rates").items()) {
        ids.push_back(id->second);
        currencies.push_back(code);
        values.push_back(decimal_text(rate.get<double>()));
      }
    }
    if (!ids.empty())
      exec(tx, k_insert_rates, pg_array(ids), pg_array(currencies), pg_array(values));
    tx.commit();

    nlohmann::json stored = nlohmann::json::array();
    for (const auto& [date, id] : new_ids) stored.push_back(date);
    return nlohmann::json{{"stored_dates", std::move(stored)},
                          {"existing", sets.size() - new_ids.size()}};
  });
}

}  // namespace cambio::db_proxy
