// db.rates.* and db.prices.record against a real PostgreSQL (in-process, through the handlers'
// functions): a set is stored once per (provider, rate date), exactly; reads find the set on or
// before a date; history, dates, summary; pruning never drops below the minimum kept; every reply
// validates against its schema; bad input is refused naming the problem and stores nothing.

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/migration.hpp"
#include "db_proxy/prices.hpp"
#include "db_proxy/rates.hpp"
#include "db_proxy/sql_values.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::db_proxy;
using nlohmann::json;

namespace {

struct fixture {
  cambio::testing::scoped_database scratch;
  cambio::metrics::registry metrics;
  database db;

  fixture()
      : db(pool_settings{.url = scratch.url(), .size = 2}, metrics, embedded_migrations(),
           schema_upgrade_settings{}, [](const std::string& m) { FAIL(m); }) {
    db.schema.start();
    REQUIRE(db.schema.wait_ready(std::chrono::seconds(30)));
  }
  ~fixture() { db.schema.stop(); }

  static clock::time_point deadline() { return clock::now() + std::chrono::seconds(10); }

  json call(json (*fn)(database&, const json&, clock::time_point), const json& params,
            const char* schema) {
    const auto& schemas = cambio::contracts::schema_catalog::embedded();
    INFO(params.dump());
    REQUIRE(schemas.violations(std::string(schema) + ".request", params) ==
            std::vector<std::string>{});
    auto reply = fn(db, params, deadline());
    CHECK(schemas.violations(std::string(schema) + ".reply", reply).empty());
    return reply;
  }
  json store(const json& sets, const std::string& provider = "ecb-csv") {
    return call(store_rate_sets, {{"provider", provider}, {"sets", sets}}, "db.rates.store");
  }
  json get(const std::string& date = "", const std::string& provider = "ecb-csv") {
    json params = {{"provider", provider}};
    if (!date.empty()) params["date"] = date;
    return call(get_rate_set, params, "db.rates.get");
  }
};

json day(const std::string& date, json rates, const std::string& base = "EUR") {
  return {{"date", date}, {"base", base}, {"rates", std::move(rates)}};
}

rmqrpc::errc failure(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    return e.code();
  }
  FAIL("no error");
  return rmqrpc::errc::internal;
}

std::string failure_message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("sql_values: array literals and shortest decimals", "[rates][unit]") {
  CHECK(pg_array({}) == "{}");
  CHECK(pg_array({"a", "b\"c", "d\\e"}) == R"({"a","b\"c","d\\e"})");
  CHECK(decimal_text(1.0876) == "1.0876");
  CHECK(decimal_text(0.1 + 0.2) == "0.30000000000000004");
  CHECK(decimal_text(13168) == "13168");
  CHECK(parse_decimal("1.0876") == 1.0876);
  CHECK_THROWS(parse_decimal("1.08x"));
}

TEST_CASE("a rate set is stored once per (provider, rate date), exactly as published",
          "[rates][integration]") {
  fixture f;
  const auto first =
      f.store(json::array({day("2024-01-02", {{"USD", 1.0956}, {"JPY", 155.38}, {"IDR", 17047.89}}),
                           day("2024-01-03", {{"USD", 1.0919}, {"JPY", 155.75}})}));
  CHECK(first["stored_dates"] == json::array({"2024-01-02", "2024-01-03"}));
  CHECK(first["existing"] == 0);

  // Storing again, even with other values, leaves the first set as it was.
  const auto again = f.store(
      json::array({day("2024-01-02", {{"USD", 2.0}}), day("2024-01-04", {{"USD", 1.0953}})}));
  CHECK(again["stored_dates"] == json::array({"2024-01-04"}));
  CHECK(again["existing"] == 1);

  const auto set = f.get("2024-01-02");
  CHECK(set["date"] == "2024-01-02");
  CHECK(set["base"] == "EUR");
  CHECK(set["rates"] == json{{"USD", 1.0956}, {"JPY", 155.38}, {"IDR", 17047.89}});

  // Another provider's set for the same date is its own.
  f.store(json::array({day("2024-01-02", {{"EUR", 0.9127}}, "USD")}), "openexchangerates");
  CHECK(f.get("2024-01-02", "openexchangerates")["base"] == "USD");
  CHECK(f.get("2024-01-02")["rates"]["USD"] == 1.0956);
}

TEST_CASE(
    "db.rates.get: the set on or before a date, the newest without one, not_found before "
    "the history",
    "[rates][integration]") {
  fixture f;
  CHECK(failure([&] { f.get(); }) == rmqrpc::errc::not_found);
  f.store(json::array({day("2024-01-04", {{"USD", 1.0953}}), day("2024-01-05", {{"USD", 1.0921}}),
                       day("2024-01-08", {{"USD", 1.0946}})}));
  CHECK(f.get()["date"] == "2024-01-08");
  CHECK(f.get("2024-01-06")["date"] == "2024-01-05");  // Saturday → Friday's set
  CHECK(f.get("2024-01-07")["date"] == "2024-01-05");
  CHECK(f.get("2024-01-05")["date"] == "2024-01-05");
  CHECK(f.get("2030-01-01")["date"] == "2024-01-08");
  const auto before = failure_message([&] { f.get("2024-01-03"); });
  CHECK_THAT(before, Catch::Contains("starts on 2024-01-04"));
  CHECK(failure([&] { f.get("2024-01-03"); }) == rmqrpc::errc::not_found);
  CHECK(failure([&] { f.get("2024-02-30"); }) == rmqrpc::errc::invalid_argument);
}

TEST_CASE("bad sets are refused naming the problem, and nothing of the request is stored",
          "[rates][integration]") {
  fixture f;
  const auto refused = [&](const json& sets, const std::string& expected) {
    INFO(sets.dump());
    const auto message = failure_message([&] {
      store_rate_sets(f.db, {{"provider", "ecb-csv"}, {"sets", sets}}, f.deadline());
    });
    CHECK_THAT(message, Catch::Contains(expected));
  };
  refused(json::array({day("2024-01-05", {{"USD", 1.1}}), day("2024-01-06", {{"USD", 1.1}})}),
          "2024-01-06: a weekend has no rates");
  refused(json::array({day("2024-01-05", {{"XYZ", 1.1}})}), "unknown currency 'XYZ'");
  refused(json::array({day("2024-01-05", {{"USD", 1.1}}, "ABC")}), "unknown currency 'ABC'");
  refused(json::array({day("2024-01-05", {{"EUR", 1.0}})}), "the base EUR has no rate");
  refused(json::array({day("2024-01-05", {{"USD", 1.1}}), day("2024-01-05", {{"USD", 1.2}})}),
          "2024-01-05 appears twice");
  refused(json::array({day("2024-02-30", {{"USD", 1.1}})}), "not a calendar date");
  CHECK(f.call(rate_summary, {{"provider", "ecb-csv"}}, "db.rates.summary")["days_held"] == 0);

  // Retired currencies of old sets are accepted: the history holds them.
  CHECK(
      f.store(json::array({day("2005-01-03", {{"CYP", 0.5832}, {"USD", 1.3559}})}))["stored_dates"]
          .size() == 1);
}

TEST_CASE("history, dates and summary", "[rates][integration]") {
  fixture f;
  f.store(json::array({day("2024-01-02", {{"USD", 1.0956}, {"GBP", 0.86518}, {"JPY", 155.38}}),
                       day("2024-01-03", {{"USD", 1.0919}, {"JPY", 155.75}}),
                       day("2024-01-04", {{"USD", 1.0953}, {"GBP", 0.86295}})}));
  const auto history = f.call(rate_history,
                              {{"provider", "ecb-csv"},
                               {"from", "2024-01-03"},
                               {"to", "2024-01-31"},
                               {"currencies", {"USD", "GBP"}}},
                              "db.rates.history");
  REQUIRE(history["points"].size() == 2);
  CHECK(history["points"][0] ==
        json{{"date", "2024-01-03"}, {"base", "EUR"}, {"rates", {{"USD", 1.0919}}}});
  CHECK(history["points"][1]["rates"] == json{{"USD", 1.0953}, {"GBP", 0.86295}});

  const auto dates =
      f.call(rate_dates, {{"provider", "ecb-csv"}, {"from", "2024-01-01"}, {"to", "2024-01-03"}},
             "db.rates.dates");
  CHECK(dates["dates"] == json::array({"2024-01-02", "2024-01-03"}));

  const auto summary = f.call(rate_summary, {{"provider", "ecb-csv"}}, "db.rates.summary");
  CHECK(summary["days_held"] == 3);
  CHECK(summary["first_date"] == "2024-01-02");
  CHECK(summary["last_date"] == "2024-01-04");
  CHECK(summary["last_stored_at"].is_string());

  CHECK(failure([&] {
          rate_history(f.db,
                       {{"provider", "ecb-csv"},
                        {"from", "2024-02-01"},
                        {"to", "2024-01-01"},
                        {"currencies", {"USD"}}},
                       f.deadline());
        }) == rmqrpc::errc::invalid_argument);
}

TEST_CASE("pruning drops sets before the horizon but never the newest minimum",
          "[rates][integration]") {
  fixture f;
  json sets = json::array();
  for (const auto* d : {"2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"}) {
    sets.push_back(day(d, {{"USD", 1.1}}));
  }
  f.store(sets);
  const auto prune = [&](const char* before, int keep) {
    return f.call(prune_rate_sets,
                  {{"provider", "ecb-csv"}, {"before", before}, {"keep_at_least", keep}},
                  "db.rates.prune")["deleted"];
  };
  CHECK(prune("2024-01-05", 4) == 1);  // the horizon would drop four; the minimum keeps four
  CHECK(prune("2030-01-01", 10) == 0);
  CHECK(prune("2024-01-03", 1) == 1);
  CHECK(f.call(rate_summary, {{"provider", "ecb-csv"}}, "db.rates.summary")["first_date"] ==
        "2024-01-03");
}

TEST_CASE("db.prices.record keeps one bar per bucket", "[prices][integration]") {
  fixture f;
  const auto record = [&](long long bucket, double price) {
    return f.call(record_price, {{"symbol", "BTCUSD"}, {"bucket_ms", bucket}, {"price", price}},
                  "db.prices.record");
  };
  record(1763798400000, 43250.12);
  record(1763798400000, 43300.5);
  const auto bar = record(1763798400000, 43100.25);
  CHECK(bar == json{{"open", 43250.12},
                    {"high", 43300.5},
                    {"low", 43100.25},
                    {"close", 43100.25},
                    {"ticks", 3}});
  CHECK(record(1763798460000, 43000)["ticks"] == 1);
}
