// db.rates.get, db.rates.history, db.rates.dates, db.rates.summary: reads of stored rate sets.
// Rates leave PostgreSQL as text and become JSON numbers through their shortest exact form.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cambio/iso_date.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/rates.hpp"
#include "db_proxy/sql_values.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// The newest set on or before $2 (NULL: the newest of all), with its rates.
constexpr query k_select_set{"select_rate_set", R"(
  SELECT s.rate_date::text, s.base,
         to_char(s.stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         r.currency, r.rate::text
  FROM rate_sets s JOIN rates r ON r.set_id = s.id
  WHERE s.id = (SELECT id FROM rate_sets
                WHERE provider = $1 AND rate_date <= coalesce($2::date, 'infinity')
                ORDER BY rate_date DESC LIMIT 1))"};

constexpr query k_select_first_date{"select_first_rate_date", R"(
  SELECT min(rate_date)::text FROM rate_sets WHERE provider = $1)"};

constexpr query k_select_history{"select_rate_history", R"(
  SELECT s.rate_date::text, s.base, r.currency, r.rate::text
  FROM rate_sets s JOIN rates r ON r.set_id = s.id
  WHERE s.provider = $1 AND s.rate_date BETWEEN $2 AND $3 AND r.currency = ANY($4::text[])
  ORDER BY s.rate_date)"};

constexpr query k_select_bases{"select_rate_bases", R"(
  SELECT rate_date::text, base FROM rate_sets
  WHERE provider = $1 AND rate_date BETWEEN $2 AND $3 ORDER BY rate_date)"};

constexpr query k_select_summary{"select_rate_summary", R"(
  SELECT count(*), min(rate_date)::text, max(rate_date)::text,
         to_char(max(stored_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM rate_sets WHERE provider = $1)"};

constexpr int k_max_history_days = 20000;  // the ECB history is about 10,000 calendar days

const std::string& text(const nlohmann::json& params, const char* name) {
  return params.at(name).get_ref<const std::string&>();
}

// [from, to] of a request, checked.
std::pair<std::string, std::string> date_range(const nlohmann::json& params) {
  const auto from = cambio::parse_iso_date(text(params, "from"));
  const auto to = cambio::parse_iso_date(text(params, "to"));
  if (!from || !to) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "from and to must be calendar dates");
  }
  if (*to < *from) throw rmqrpc::error(rmqrpc::errc::invalid_argument, "to is before from");
  if (cambio::days_between(*from, *to) > k_max_history_days) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument,
                        "a range spans at most " + std::to_string(k_max_history_days) + " days");
  }
  return {cambio::to_iso(*from), cambio::to_iso(*to)};
}

[[noreturn]] void no_set(pqxx::transaction_base& tx, const std::string& provider,
                         const std::optional<std::string>& date) {
  const auto first = exec(tx, k_select_first_date, provider)[0][0];
  nlohmann::json details = {{"provider", provider}};
  if (first.is_null()) {
    throw rmqrpc::error(rmqrpc::errc::not_found, "no rates held from provider " + provider,
                        details);
  }
  details["earliest"] = first.as<std::string>();
  throw rmqrpc::error(rmqrpc::errc::not_found,
                      "no rates on or before " + date.value_or("today") + ": the history of " +
                          provider + " starts on " + first.as<std::string>(),
                      details);
}

}  // namespace

nlohmann::json get_rate_set(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto& provider = text(params, "provider");
  std::optional<std::string> date;
  if (params.contains("date")) {
    const auto parsed = cambio::parse_iso_date(text(params, "date"));
    if (!parsed) throw rmqrpc::error(rmqrpc::errc::invalid_argument, "date is not a calendar date");
    date = cambio::to_iso(*parsed);
  }
  return db.pool.with_connection(k_select_set.name, deadline, [&](pqxx::connection& c) {
    // One statement; no_set's second one only words the not_found (a read committed transaction
    // would give it a snapshot of its own as well).
    pqxx::nontransaction tx(c);
    const auto rows = exec(tx, k_select_set, provider, date);
    if (rows.empty()) no_set(tx, provider, date);
    nlohmann::json rates = nlohmann::json::object();
    for (const auto& row : rows) rates[row[3].as<std::string>()] = parse_decimal(row[4].c_str());
    return nlohmann::json{{"provider", provider},
                          {"date", rows[0][0].as<std::string>()},
                          {"base", rows[0][1].as<std::string>()},
                          {"stored_at", rows[0][2].as<std::string>()},
                          {"rates", std::move(rates)}};
  });
}

nlohmann::json rate_history(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto& provider = text(params, "provider");
  const auto [from, to] = date_range(params);
  const auto currencies = params.at("currencies").get<std::vector<std::string>>();
  return db.pool.with_connection(k_select_history.name, deadline, [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    // Every set in the range is a point, even one holding none of the currencies (its base may be
    // one of them).
    nlohmann::json points = nlohmann::json::array();
    std::map<std::string, std::size_t> index;
    for (const auto& row : exec(tx, k_select_bases, provider, from, to)) {
      index.emplace(row[0].as<std::string>(), points.size());
      points.push_back({{"date", row[0].as<std::string>()},
                        {"base", row[1].as<std::string>()},
                        {"rates", nlohmann::json::object()}});
    }
    for (const auto& row : exec(tx, k_select_history, provider, from, to, pg_array(currencies))) {
      auto& point = points[index.at(row[0].as<std::string>())];
      point["rates"][row[2].as<std::string>()] = parse_decimal(row[3].c_str());
    }
    return nlohmann::json{{"provider", provider}, {"points", std::move(points)}};
  });
}

nlohmann::json rate_dates(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto& provider = text(params, "provider");
  const auto [from, to] = date_range(params);
  return db.pool.with_connection(k_select_bases.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement
    nlohmann::json dates = nlohmann::json::array();
    for (const auto& row : exec(tx, k_select_bases, provider, from, to)) {
      dates.push_back(row[0].as<std::string>());
    }
    return nlohmann::json{{"dates", std::move(dates)}};
  });
}

nlohmann::json rate_summary(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto& provider = text(params, "provider");
  return db.pool.with_connection(k_select_summary.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement
    const auto row = exec(tx, k_select_summary, provider)[0];
    const auto nullable = [](const pqxx::field& f) -> nlohmann::json {
      return f.is_null() ? nlohmann::json(nullptr) : nlohmann::json(f.as<std::string>());
    };
    return nlohmann::json{{"provider", provider},
                          {"days_held", row[0].as<long>()},
                          {"first_date", nullable(row[1])},
                          {"last_date", nullable(row[2])},
                          {"last_stored_at", nullable(row[3])}};
  });
}

}  // namespace cambio::db_proxy
