// db.alerts.create, list, get, set_status, delete and unsubscribe against a real PostgreSQL (the
// handlers in-process): the rules with their messages (unknown currency, the same currency twice,
// a zero threshold, condition and mode options, the per-user limit), a retried create, filters and
// keyset pages, and no user reaching another user's alert.

#include <future>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "alerts_fixture.hpp"

using cambio::testing::alerts_fixture;
using namespace cambio::db_proxy;
using nlohmann::json;
using rmqrpc::errc;

TEST_CASE("create answers the alert as stored, the same public_id again answers it, unchanged") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto params = f.alert(ana, "EUR", "USD", "crosses", "1.08500");
  const auto created = f.call(create_alert, "db.alerts.create", params);
  CHECK(created["created"] == true);
  const auto& a = created["alert"];
  CHECK(a["threshold"] == "1.085");
  CHECK(a["status"] == "active");
  CHECK(a["mode"] == "once");
  CHECK(a["firings"] == 0);
  CHECK(a["last_fired_at"].is_null());
  CHECK_FALSE(a.contains("window_days"));
  CHECK_FALSE(a.contains("cooldown_s"));

  const auto again = f.call(create_alert, "db.alerts.create", params);
  CHECK(again["created"] == false);
  CHECK(again["alert"] == a);
  CHECK(f.sql("SELECT count(*) FROM alerts")[0][0].as<int>() == 1);

  // The same public_id from another user is a conflict, not their alert.
  const auto bob = f.user("bob");
  auto stolen = params;
  stolen["user_id"] = bob;
  CHECK(f.fail(create_alert, "db.alerts.create", stolen) == errc::conflict);

  const auto repeat = f.call(create_alert, "db.alerts.create",
                             f.alert(ana, "GBP", "JPY", "change_pct", "2.5",
                                     {{"window_days", 7},
                                      {"mode", "repeat"},
                                      {"cooldown_s", 86400},
                                      {"delivery", "daily_digest"}}))["alert"];
  CHECK(repeat["window_days"] == 7);
  CHECK(repeat["cooldown_s"] == 86400);
  CHECK(repeat["delivery"] == "daily_digest");
}

TEST_CASE("create refuses what the rules forbid, with a message that says which rule") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  struct refusal {
    json params;
    std::string says;
  };
  const std::vector<refusal> refusals = {
      {f.alert(ana, "EUR", "XYZ", "crosses", "1"), "quote"},
      {f.alert(ana, "ABC", "USD", "crosses", "1"), "base"},
      {f.alert(ana, "EUR", "EUR", "crosses", "1"), "same currency"},
      {f.alert(ana, "EUR", "USD", "crosses", "0.000"), "greater than 0"},
      {f.alert(ana, "EUR", "USD", "change_pct", "2"), "window_days"},
      {f.alert(ana, "EUR", "USD", "crosses", "2", {{"window_days", 3}}), "window_days"},
      {f.alert(ana, "BTC", "USD", "change_pct", "2", {{"window_days", 3}}), "BTC"},
      {f.alert(ana, "EUR", "USD", "crosses", "2", {{"mode", "repeat"}}), "cooldown_s"},
      {f.alert(ana, "EUR", "USD", "crosses", "2", {{"cooldown_s", 600}}), "cooldown_s"},
  };
  for (const auto& r : refusals) {
    INFO(r.params.dump());
    std::string message;
    CHECK(f.fail(create_alert, "db.alerts.create", r.params, &message) == errc::invalid_argument);
    CHECK_THAT(message, Catch::Contains(r.says));
  }
  // Refused by the schema before any handler: a threshold that is not a decimal, or negative.
  const auto& schemas = cambio::contracts::schema_catalog::embedded();
  for (const char* bad : {"1,5", "-1", "abc", "1e3", ""}) {
    CHECK_FALSE(
        schemas.violations("db.alerts.create.request", f.alert(ana, "EUR", "USD", "crosses", bad))
            .empty());
  }
  // A user that does not exist.
  CHECK(f.fail(create_alert, "db.alerts.create", f.alert(987654, "EUR", "USD", "crosses", "1")) ==
        errc::not_found);
  CHECK(f.sql("SELECT count(*) FROM alerts")[0][0].as<int>() == 0);
}

TEST_CASE("the per-user limit holds, also for creates at the same time") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto bob = f.user("bob");
  std::vector<std::future<json>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(
        std::launch::async, [&f, params = f.alert(ana, "EUR", "USD", "crosses",
                                                  std::to_string(i + 1), {{"max_alerts", 5}})] {
          try {
            return create_alert(f.db(), params, clock::now() + std::chrono::seconds(30));
          } catch (const rmqrpc::error& e) {
            return json{{"error", std::string(rmqrpc::to_string(e.code()))}, {"message", e.what()}};
          }
        }));
  }
  int created = 0;
  int exhausted = 0;
  for (auto& c : calls) {
    const auto reply = c.get();
    if (reply.contains("alert")) ++created;
    if (reply.value("error", "") == "resource_exhausted") {
      ++exhausted;
      CHECK_THAT(reply["message"].get<std::string>(), Catch::Contains("at most 5 alerts"));
    }
  }
  CHECK(created == 5);
  CHECK(exhausted == 3);
  // Bob's count is his own.
  f.create(f.alert(bob, "EUR", "USD", "crosses", "1", {{"max_alerts", 5}}));
}

TEST_CASE("list filters by pair side and status and pages newest first by keyset") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto bob = f.user("bob");
  std::vector<std::int64_t> usd;
  for (int i = 0; i < 7; ++i)
    usd.push_back(f.create(f.alert(ana, "EUR", "USD", "crosses", "1." + std::to_string(i + 1))));
  const auto gbp = f.create(f.alert(ana, "EUR", "GBP", "crosses", "0.9"));
  f.create(f.alert(bob, "EUR", "USD", "crosses", "1.5"));
  f.call(set_alert_status, "db.alerts.set_status",
         {{"user_id", ana}, {"alert_id", usd[2]}, {"status", "paused"}});

  auto page = f.call(list_alerts, "db.alerts.list", {{"user_id", ana}, {"limit", 3}});
  REQUIRE(page["alerts"].size() == 3);
  CHECK(page["alerts"][0]["id"] == gbp);
  CHECK(page["alerts"][1]["id"] == usd[6]);
  CHECK(page["next_after_id"] == usd[5]);

  std::set<std::int64_t> seen;
  json after = nullptr;
  int pages = 0;
  do {
    json params = {{"user_id", ana}, {"quote", "USD"}, {"limit", 3}};
    if (!after.is_null()) params["after_id"] = after;
    page = f.call(list_alerts, "db.alerts.list", params);
    for (const auto& a : page["alerts"]) {
      CHECK(a["quote"] == "USD");
      CHECK(seen.insert(a["id"].get<std::int64_t>()).second);
    }
    after = page["next_after_id"];
    ++pages;
  } while (!after.is_null());
  CHECK(seen == std::set<std::int64_t>(usd.begin(), usd.end()));
  CHECK(pages == 3);

  page = f.call(list_alerts, "db.alerts.list",
                {{"user_id", ana}, {"base", "EUR"}, {"status", "paused"}, {"limit", 10}});
  REQUIRE(page["alerts"].size() == 1);
  CHECK(page["alerts"][0]["id"] == usd[2]);
  CHECK(page["next_after_id"].is_null());
}

TEST_CASE("get, set_status and delete reach only the user's own alerts") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto bob = f.user("bob");
  const auto id = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.2"));

  const auto with_status = [](json params, const char* status) {
    params["status"] = status;
    return params;
  };
  const json bobs = {{"user_id", bob}, {"alert_id", id}};
  CHECK(f.fail(get_alert, "db.alerts.get", bobs) == errc::not_found);
  CHECK(f.fail(set_alert_status, "db.alerts.set_status", with_status(bobs, "paused")) ==
        errc::not_found);
  CHECK(f.fail(delete_alert, "db.alerts.delete", bobs) == errc::not_found);
  CHECK(f.call(list_alerts, "db.alerts.list", {{"user_id", bob}, {"limit", 10}})["alerts"].empty());

  const json anas = {{"user_id", ana}, {"alert_id", id}};
  const auto got = f.call(get_alert, "db.alerts.get", anas);
  CHECK(got["alert"]["status"] == "active");
  CHECK(got["history"].empty());
  CHECK(f.call(set_alert_status, "db.alerts.set_status",
               with_status(anas, "paused"))["alert"]["status"] == "paused");
  CHECK(f.call(set_alert_status, "db.alerts.set_status",
               with_status(anas, "active"))["alert"]["status"] == "active");
  CHECK(f.call(delete_alert, "db.alerts.delete", anas)["deleted"] == true);
  CHECK(f.fail(delete_alert, "db.alerts.delete", anas) == errc::not_found);
  CHECK(f.fail(get_alert, "db.alerts.get", anas) == errc::not_found);
}

TEST_CASE(
    "unsubscribe pauses one alert by public_id, or a user's digest alerts, again pauses none") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto params = f.alert(ana, "EUR", "USD", "crosses", "1.2");
  const auto id = f.create(params);
  const auto digest =
      f.create(f.alert(ana, "EUR", "GBP", "crosses", "0.9", {{"delivery", "daily_digest"}}));
  const auto instant = f.create(f.alert(ana, "EUR", "JPY", "crosses", "170"));

  const json one = {{"public_id", params["public_id"]}};
  CHECK(f.call(unsubscribe_alerts, "db.alerts.unsubscribe", one)["paused"] == 1);
  CHECK(f.call(unsubscribe_alerts, "db.alerts.unsubscribe", one)["paused"] == 0);
  CHECK(f.call(unsubscribe_alerts, "db.alerts.unsubscribe", {{"digest_user_id", ana}})["paused"] ==
        1);
  const auto status = [&](std::int64_t alert) {
    return f.sql("SELECT status FROM alerts WHERE id = $1", alert)[0][0].as<std::string>();
  };
  CHECK(status(id) == "paused");
  CHECK(status(digest) == "paused");
  CHECK(status(instant) == "active");

  f.call(delete_alert, "db.alerts.delete", {{"user_id", ana}, {"alert_id", id}});
  CHECK(f.fail(unsubscribe_alerts, "db.alerts.unsubscribe", one) == errc::not_found);
  CHECK(f.fail(unsubscribe_alerts, "db.alerts.unsubscribe", {{"digest_user_id", 987654}}) ==
        errc::not_found);
}
