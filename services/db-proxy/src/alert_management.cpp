// db.alerts.create, list, get, set_status, delete, unsubscribe: a user's own alerts. Every
// statement names the user, so another user's alert is simply not found.

#include <algorithm>
#include <optional>
#include <string>

#include "cambio/currency.hpp"
#include "db_proxy/alerts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// The columns alert_json() reads, in its order.
#define CAMBIO_ALERT_COLUMNS                                                               \
  "a.id, a.public_id::text, a.base, a.quote, a.condition, trim_scale(a.threshold)::text, " \
  "a.window_days, a.mode, extract(epoch FROM a.cooldown)::bigint, a.delivery, a.status, "  \
  "to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "           \
  "to_char(a.last_fired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.firings"

// The user row is locked so that two creates at once count each other.
constexpr query k_lock_user{"lock_user_for_alerts", "SELECT 1 FROM users WHERE id = $1 FOR UPDATE"};

constexpr query k_select_by_public_id{"select_alert_by_public_id",
                                      "SELECT a.user_id, " CAMBIO_ALERT_COLUMNS
                                      " FROM alerts a WHERE a.public_id = $1::uuid"};

constexpr query k_count_alerts{"count_user_alerts",
                               "SELECT count(*) FROM alerts WHERE user_id = $1"};

constexpr query k_insert_alert{"insert_alert", R"(
  INSERT INTO alerts AS a (public_id, user_id, base, quote, condition, threshold, window_days, mode,
                           cooldown, delivery, manage_url, unsubscribe_url, digest_unsubscribe_url)
  VALUES ($1::uuid, $2, $3, $4, $5, $6::numeric, $7, $8, make_interval(secs => $9::bigint), $10,
          $11, $12, $13)
  RETURNING )" CAMBIO_ALERT_COLUMNS};

// $2..$5 NULL: no filter; the page holds ids below $5.
constexpr query k_list_alerts{"list_alerts", "SELECT " CAMBIO_ALERT_COLUMNS R"(
  FROM alerts a
  WHERE a.user_id = $1 AND ($2::text IS NULL OR a.base = $2) AND ($3::text IS NULL OR a.quote = $3)
    AND ($4::text IS NULL OR a.status = $4) AND ($5::bigint IS NULL OR a.id < $5)
  ORDER BY a.id DESC LIMIT $6)"};

constexpr query k_select_alert{"select_alert", "SELECT " CAMBIO_ALERT_COLUMNS
                                               " FROM alerts a WHERE a.id = $2 AND a.user_id = $1"};

constexpr query k_select_history{"select_alert_history", R"(
  SELECT to_char(fired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(market_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), window_key,
         headline, ratio_text(previous_ratio), previous_label, ratio_text(new_ratio), new_label,
         direction, delivery
  FROM alert_firings WHERE alert_id = $1 ORDER BY id DESC LIMIT $2)"};

constexpr query k_set_status{"set_alert_status",
                             "UPDATE alerts a SET status = $3"
                             " WHERE a.id = $2 AND a.user_id = $1 RETURNING " CAMBIO_ALERT_COLUMNS};

constexpr query k_delete_alert{"delete_alert",
                               "DELETE FROM alerts WHERE id = $2 AND user_id = $1 RETURNING 1"};

constexpr query k_unsubscribe_alert{"unsubscribe_alert", R"(
  WITH target AS (SELECT id, status FROM alerts WHERE public_id = $1::uuid FOR UPDATE),
       paused AS (UPDATE alerts a SET status = 'paused' FROM target t
                  WHERE a.id = t.id AND t.status = 'active' RETURNING 1)
  SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM paused))"};

constexpr query k_unsubscribe_digest{"unsubscribe_digest", R"(
  WITH target AS (SELECT id FROM users WHERE id = $1),
       paused AS (UPDATE alerts SET status = 'paused'
                  WHERE user_id = $1 AND delivery = 'daily_digest' AND status = 'active' RETURNING 1)
  SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM paused))"};

#undef CAMBIO_ALERT_COLUMNS

constexpr int k_default_history = 50;

[[noreturn]] void reject(const std::string& message) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message);
}

[[noreturn]] void no_alert(std::int64_t alert_id) {
  throw rmqrpc::error(rmqrpc::errc::not_found, "no alert " + std::to_string(alert_id));
}

std::optional<std::string> optional_text(const nlohmann::json& params, const char* name) {
  if (!params.contains(name)) return std::nullopt;
  return params.at(name).get<std::string>();
}

template <class T>
std::optional<T> optional_value(const nlohmann::json& params, const char* name) {
  if (!params.contains(name)) return std::nullopt;
  return params.at(name).get<T>();
}

// A row of CAMBIO_ALERT_COLUMNS from column `first` on.
nlohmann::json alert_json(const pqxx::row& r, int first = 0) {
  const auto at = [&](int i) { return r[first + i]; };
  nlohmann::json alert = {{"id", at(0).as<std::int64_t>()},
                          {"public_id", at(1).as<std::string>()},
                          {"base", at(2).as<std::string>()},
                          {"quote", at(3).as<std::string>()},
                          {"condition", at(4).as<std::string>()},
                          {"threshold", at(5).as<std::string>()},
                          {"mode", at(7).as<std::string>()},
                          {"delivery", at(9).as<std::string>()},
                          {"status", at(10).as<std::string>()},
                          {"created_at", at(11).as<std::string>()},
                          {"last_fired_at", nullptr},
                          {"firings", at(13).as<int>()}};
  if (!at(6).is_null()) alert["window_days"] = at(6).as<int>();
  if (!at(8).is_null()) alert["cooldown_s"] = at(8).as<std::int64_t>();
  if (!at(12).is_null()) alert["last_fired_at"] = at(12).as<std::string>();
  return alert;
}

// The rules the schema cannot express; the table's CHECKs back them up.
void check_new_alert(const nlohmann::json& p) {
  for (const char* side : {"base", "quote"}) {
    if (const auto problem = cambio::currency::problem(p.at(side).get<std::string>())) {
      reject(std::string(side) + ": " + *problem);
    }
  }
  if (p.at("base") == p.at("quote")) reject("base and quote are the same currency");
  const auto& threshold = p.at("threshold").get_ref<const std::string&>();
  if (std::none_of(threshold.begin(), threshold.end(), [](char c) { return c >= '1' && c <= '9'; }))
    reject("threshold must be greater than 0");
  const bool change = p.at("condition") == "change_pct";
  if (change && !p.contains("window_days")) reject("a change_pct alert needs window_days");
  if (!change && p.contains("window_days")) reject("only a change_pct alert has window_days");
  if (change && (p.at("base") == "BTC" || p.at("quote") == "BTC")) {
    reject("change_pct alerts are for pairs of the reference rates, not BTC");
  }
  const bool repeat = p.at("mode") == "repeat";
  if (repeat && !p.contains("cooldown_s")) reject("a repeating alert needs cooldown_s");
  if (!repeat && p.contains("cooldown_s")) reject("only a repeating alert has cooldown_s");
}

}  // namespace

nlohmann::json create_alert(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  check_new_alert(params);
  const auto user_id = params.at("user_id").get<std::int64_t>();
  const auto& public_id = params.at("public_id").get_ref<const std::string&>();
  const auto max_alerts = params.at("max_alerts").get<std::int64_t>();
  return db.pool.with_connection(k_insert_alert.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (exec(tx, k_lock_user, user_id).empty()) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no user " + std::to_string(user_id));
    }
    // A retry of the same create finds the alert it made.
    if (const auto held = exec(tx, k_select_by_public_id, public_id); !held.empty()) {
      if (held[0][0].as<std::int64_t>() != user_id) {
        throw rmqrpc::error(rmqrpc::errc::conflict, "public_id is taken");
      }
      return nlohmann::json{{"alert", alert_json(held[0], 1)}, {"created", false}};
    }
    if (exec(tx, k_count_alerts, user_id)[0][0].as<std::int64_t>() >= max_alerts) {
      throw rmqrpc::error(rmqrpc::errc::resource_exhausted,
                          "at most " + std::to_string(max_alerts) + " alerts per user",
                          {{"max_alerts", max_alerts}});
    }
    const auto rows = exec(
        tx, k_insert_alert, public_id, user_id, params.at("base").get<std::string>(),
        params.at("quote").get<std::string>(), params.at("condition").get<std::string>(),
        params.at("threshold").get<std::string>(), optional_value<int>(params, "window_days"),
        params.at("mode").get<std::string>(), optional_value<std::int64_t>(params, "cooldown_s"),
        params.at("delivery").get<std::string>(), params.at("manage_url").get<std::string>(),
        params.at("unsubscribe_url").get<std::string>(),
        params.at("digest_unsubscribe_url").get<std::string>());
    tx.commit();
    return nlohmann::json{{"alert", alert_json(rows[0])}, {"created", true}};
  });
}

nlohmann::json list_alerts(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto limit = params.at("limit").get<int>();
  return db.pool.with_connection(k_list_alerts.name, deadline, [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    // One row more than the page tells whether another page follows.
    const auto rows = exec(tx, k_list_alerts, params.at("user_id").get<std::int64_t>(),
                           optional_text(params, "base"), optional_text(params, "quote"),
                           optional_text(params, "status"),
                           optional_value<std::int64_t>(params, "after_id"), limit + 1);
    nlohmann::json alerts = nlohmann::json::array();
    for (const auto& row : rows) {
      if (static_cast<int>(alerts.size()) == limit) break;
      alerts.push_back(alert_json(row));
    }
    nlohmann::json next = nullptr;
    if (static_cast<int>(rows.size()) > limit) next = alerts.back().at("id");
    return nlohmann::json{{"alerts", std::move(alerts)}, {"next_after_id", std::move(next)}};
  });
}

nlohmann::json get_alert(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  const auto alert_id = params.at("alert_id").get<std::int64_t>();
  const auto history_limit = params.value("history_limit", k_default_history);
  return db.pool.with_connection(k_select_alert.name, deadline, [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    const auto rows = exec(tx, k_select_alert, user_id, alert_id);
    if (rows.empty()) no_alert(alert_id);
    nlohmann::json history = nlohmann::json::array();
    for (const auto& r : exec(tx, k_select_history, alert_id, history_limit)) {
      history.push_back({{"fired_at", r[0].as<std::string>()},
                         {"market_at", r[1].as<std::string>()},
                         {"window", r[2].as<std::string>()},
                         {"headline", r[3].as<std::string>()},
                         {"previous_ratio", r[4].as<std::string>()},
                         {"previous_date", r[5].as<std::string>()},
                         {"new_ratio", r[6].as<std::string>()},
                         {"new_date", r[7].as<std::string>()},
                         {"direction", r[8].as<std::string>()},
                         {"delivery", r[9].as<std::string>()}});
    }
    return nlohmann::json{{"alert", alert_json(rows[0])}, {"history", std::move(history)}};
  });
}

nlohmann::json set_alert_status(database& db, const nlohmann::json& params,
                                clock::time_point deadline) {
  db.require_ready();
  const auto alert_id = params.at("alert_id").get<std::int64_t>();
  return db.pool.with_connection(k_set_status.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto rows = exec(tx, k_set_status, params.at("user_id").get<std::int64_t>(), alert_id,
                           params.at("status").get<std::string>());
    if (rows.empty()) no_alert(alert_id);
    tx.commit();
    return nlohmann::json{{"alert", alert_json(rows[0])}};
  });
}

nlohmann::json delete_alert(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto alert_id = params.at("alert_id").get<std::int64_t>();
  return db.pool.with_connection(k_delete_alert.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (exec(tx, k_delete_alert, params.at("user_id").get<std::int64_t>(), alert_id).empty()) {
      no_alert(alert_id);
    }
    tx.commit();
    return nlohmann::json{{"deleted", true}};
  });
}

nlohmann::json unsubscribe_alerts(database& db, const nlohmann::json& params,
                                  clock::time_point deadline) {
  db.require_ready();
  const bool one_alert = params.contains("public_id");
  return db.pool.with_connection(k_unsubscribe_alert.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto row =
        one_alert
            ? exec(tx, k_unsubscribe_alert, params.at("public_id").get<std::string>())[0]
            : exec(tx, k_unsubscribe_digest, params.at("digest_user_id").get<std::int64_t>())[0];
    if (row[0].as<int>() == 0) {
      throw rmqrpc::error(rmqrpc::errc::not_found, one_alert ? "the alert no longer exists"
                                                             : "the account no longer exists");
    }
    tx.commit();
    return nlohmann::json{{"paused", row[1].as<int>()}};
  });
}

}  // namespace cambio::db_proxy
