#pragma once
// The alerts tests' fixture: db-proxy's handlers in-process on a fresh database (migrated by the
// real start-up), every request and reply checked against the schemas, users made with one INSERT,
// rate sets stored through db.rates.store, and a connection of its own for what a test must look at
// or arrange (moving a creation time, the outbox rows).

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "db_proxy/alerts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/migration.hpp"
#include "db_proxy/rates.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::testing {

class alerts_fixture {
 public:
  using handler = nlohmann::json (*)(db_proxy::database&, const nlohmann::json&,
                                     db_proxy::clock::time_point);
  using mailing_handler = db_proxy::reply_with_mail (*)(db_proxy::database&, const nlohmann::json&,
                                                        db_proxy::clock::time_point);

  alerts_fixture()
      : db_(db_proxy::pool_settings{.url = scratch_.url(), .size = 4}, metrics_,
            db_proxy::embedded_migrations(), db_proxy::schema_upgrade_settings{},
            [](const std::string& m) { FAIL(m); }),
        sql_(scratch_.url()) {
    db_.schema.start();
    REQUIRE(db_.schema.wait_ready(std::chrono::seconds(30)));
  }
  ~alerts_fixture() { db_.schema.stop(); }

  db_proxy::database& db() { return db_; }

  // Calls a handler as its queue would: the request must be valid, and so must the reply.
  nlohmann::json call(handler fn, const std::string& queue, const nlohmann::json& params) {
    check_request(queue, params);
    auto reply = fn(db_, params, deadline());
    check_reply(queue, reply);
    return reply;
  }
  nlohmann::json call(mailing_handler fn, const std::string& queue, const nlohmann::json& params) {
    check_request(queue, params);
    auto done = fn(db_, params, deadline());
    check_reply(queue, done.reply);
    CHECK(done.mails == done.reply.at("mails").get<int>());
    return done.reply;
  }

  // The error code of a call that must fail.
  template <class Fn>
  rmqrpc::errc fail(Fn fn, const std::string& queue, const nlohmann::json& params,
                    std::string* message = nullptr) {
    check_request(queue, params);
    try {
      fn(db_, params, deadline());
    } catch (const rmqrpc::error& e) {
      if (message) *message = e.what();
      return e.code();
    }
    FAIL("no error from " << queue << " " << params.dump());
    return rmqrpc::errc::internal;
  }

  // An active user; returns its id.
  std::int64_t user(const std::string& name) {
    return sql("INSERT INTO users (username, email, password_hash, status, verified_at) "
               "VALUES ($1, $1 || '@example.com', '$argon2id$v=19$m=65536,t=3,p=1$x$y', 'active', "
               "now()) RETURNING id",
               name)[0][0]
        .as<std::int64_t>();
  }

  // Stores one EUR-based set of `provider` (rates of every other currency against 1 EUR).
  void store(const std::string& date, const std::map<std::string, double>& rates,
             const std::string& provider = "test") {
    const auto reply = call(
        db_proxy::store_rate_sets, "db.rates.store",
        {{"provider", provider}, {"sets", {{{"date", date}, {"base", "EUR"}, {"rates", rates}}}}});
    REQUIRE(reply["stored_dates"].size() == 1);
  }

  // Evaluates `provider` up to `date`; returns the reply.
  nlohmann::json evaluate(const std::string& date, const std::string& provider = "test") {
    return call(db_proxy::evaluate_rates, "db.alerts.evaluate",
                {{"provider", provider}, {"date", date}});
  }

  // The params of a create; `extra` adds or replaces members.
  nlohmann::json alert(std::int64_t user_id, const std::string& base, const std::string& quote,
                       const std::string& condition, const std::string& threshold,
                       const nlohmann::json& extra = nlohmann::json::object()) {
    char uuid[64];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", ++alerts_made_);
    nlohmann::json p = {
        {"user_id", user_id},
        {"public_id", uuid},
        {"base", base},
        {"quote", quote},
        {"condition", condition},
        {"threshold", threshold},
        {"mode", "once"},
        {"delivery", "instant"},
        {"manage_url", "https://cambio.test/alerts"},
        {"unsubscribe_url", std::string("https://cambio.test/alerts/unsubscribe?t=") + uuid},
        {"digest_unsubscribe_url",
         "https://cambio.test/alerts/unsubscribe?t=digest" + std::to_string(user_id)},
        {"max_alerts", 100}};
    p.update(extra);
    return p;
  }

  // Creates an alert; returns its id.
  std::int64_t create(const nlohmann::json& params) {
    const auto reply = call(db_proxy::create_alert, "db.alerts.create", params);
    REQUIRE(reply["created"] == true);
    return reply["alert"]["id"].get<std::int64_t>();
  }

  // The ids of the alerts fired, ascending, from alert_firings.
  std::vector<std::int64_t> fired_alerts() {
    std::vector<std::int64_t> ids;
    for (const auto& r : sql("SELECT alert_id FROM alert_firings ORDER BY alert_id, id")) {
      ids.push_back(r[0].as<std::int64_t>());
    }
    return ids;
  }

  // The outbox rows of a template, oldest first: {recipient, params}.
  std::vector<nlohmann::json> mails(const std::string& template_name) {
    std::vector<nlohmann::json> out;
    for (const auto& r : sql("SELECT recipient, params::text FROM mail_outbox WHERE template = $1 "
                             "ORDER BY id",
                             template_name)) {
      out.push_back({{"recipient", r[0].as<std::string>()},
                     {"params", nlohmann::json::parse(r[1].as<std::string>())}});
    }
    return out;
  }

  template <class... Args>
  pqxx::result sql(const std::string& statement, Args&&... args) {
    pqxx::work tx(sql_);
    auto rows = tx.exec_params(statement, std::forward<Args>(args)...);
    tx.commit();
    return rows;
  }

 private:
  static db_proxy::clock::time_point deadline() {
    return db_proxy::clock::now() + std::chrono::seconds(30);
  }
  static const contracts::schema_catalog& schemas() {
    return contracts::schema_catalog::embedded();
  }
  static void check_request(const std::string& queue, const nlohmann::json& params) {
    INFO(queue << " " << params.dump());
    REQUIRE(schemas().violations(queue + ".request", params) == std::vector<std::string>{});
  }
  static void check_reply(const std::string& queue, const nlohmann::json& reply) {
    INFO(queue << " reply " << reply.dump());
    CHECK(schemas().violations(queue + ".reply", reply) == std::vector<std::string>{});
  }

  scoped_database scratch_;
  cambio::metrics::registry metrics_;
  db_proxy::database db_;
  pqxx::connection sql_;
  int alerts_made_ = 0;
};

}  // namespace cambio::testing
