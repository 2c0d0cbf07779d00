// db.alerts.evaluate, sweep, tick and digest against a real PostgreSQL (the handlers in-process):
// the crossing rule at its edges (equal to the old ratio, equal to the new one, both directions,
// no move), inverse and cross pairs, above / below, percent change over a window, cooldown of
// repeating alerts, only alerts older than the rate set, each set evaluated once however often and
// however concurrently it is asked for, the sweep's catch-up, BTC ticks, the mails' contents and
// the daily digest.

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "alerts_fixture.hpp"

using cambio::testing::alerts_fixture;
using namespace cambio::db_proxy;
using nlohmann::json;

namespace {

std::vector<std::int64_t> sorted(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Day 1 is the first set ever evaluated: it only marks where evaluation starts.
void start_evaluation(alerts_fixture& f) {
  f.store("2026-11-02", {{"USD", 1.10}, {"GBP", 0.85}, {"JPY", 160}});
  REQUIRE(f.evaluate("2026-11-02")["evaluated"].size() == 1);
}

}  // namespace

TEST_CASE("crosses: past the old ratio, up to and including the new one, in both directions") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  f.store("2026-11-02", {{"USD", 1.10}, {"GBP", 0.85}, {"JPY", 160}});
  const auto first = f.evaluate("2026-11-02");  // the first set: nothing to compare with
  REQUIRE(first["evaluated"].size() == 1);
  CHECK(first["evaluated"][0]["previous_date"].is_null());
  CHECK(first["fired"] == 0);

  // EUR/USD goes 1.10 → 1.20.
  const auto at_old = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.1"));
  const auto at_new = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.20"));
  const auto between = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.15"));
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.05"));  // below both
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.25"));  // above both
  f.create(f.alert(ana, "EUR", "GBP", "crosses", "0.9"));   // another pair, not crossed
  // USD/EUR goes 0.9091 → 0.8333; GBP/USD goes 1.2941 → 1.4118.
  const auto inverse = f.create(f.alert(ana, "USD", "EUR", "crosses", "0.85"));
  const auto cross = f.create(f.alert(ana, "GBP", "USD", "crosses", "1.4"));
  f.store("2026-11-03", {{"USD", 1.20}, {"GBP", 0.85}, {"JPY", 160}});

  const auto up = f.evaluate("2026-11-03");
  REQUIRE(up["evaluated"].size() == 1);
  CHECK(up["evaluated"][0]["previous_date"] == "2026-11-02");
  CHECK(up["fired"] == 4);
  CHECK(up["mails"] == 4);
  CHECK(f.fired_alerts() == sorted({at_new, between, inverse, cross}));

  // Back down 1.20 → 1.10: new alerts, the old and new ratio as thresholds again.
  const auto down_at_old = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.2"));
  const auto down_at_new = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.1"));
  const auto down_between = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.12"));
  f.store("2026-11-04", {{"USD", 1.10}, {"GBP", 0.85}, {"JPY", 160}});
  const auto down = f.evaluate("2026-11-04");
  CHECK(down["fired"] == 3);  // at_old (1.1, active since day 2) fires now, with the two below
  auto expected = f.fired_alerts();
  CHECK(std::count(expected.begin(), expected.end(), at_old) == 1);
  CHECK(std::count(expected.begin(), expected.end(), down_at_new) == 1);
  CHECK(std::count(expected.begin(), expected.end(), down_between) == 1);
  CHECK(std::count(expected.begin(), expected.end(), down_at_old) == 0);

  // No move: nothing.
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.1"));
  f.store("2026-11-05", {{"USD", 1.10}, {"GBP", 0.85}, {"JPY", 160}});
  CHECK(f.evaluate("2026-11-05")["fired"] == 0);

  // A `once` alert that fired is done.
  const auto row = f.sql("SELECT status, firings FROM alerts WHERE id = $1", at_new)[0];
  CHECK(row[0].as<std::string>() == "done");
  CHECK(row[1].as<int>() == 1);
}

TEST_CASE(
    "the fired mail names the pair, the threshold, both ratios with their dates and the links") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  start_evaluation(f);
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.15"));
  f.store("2026-11-03", {{"USD", 1.2}, {"GBP", 0.85}, {"JPY", 160}});
  f.evaluate("2026-11-03");
  const auto mails = f.mails("alert_fired");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["recipient"] == "ana@example.com");
  const auto& p = mails[0]["params"];
  CHECK(p["pair"] == "EUR/USD");
  CHECK(p["threshold"] == "1.15");
  CHECK(p["previous_ratio"] == "1.1");
  CHECK(p["previous_date"] == "2026-11-02");
  CHECK(p["new_ratio"] == "1.2");
  CHECK(p["new_date"] == "2026-11-03");
  CHECK(p["direction"] == "up");
  CHECK(p["headline"] == "EUR/USD crossed 1.15 going up");
  CHECK(p["manage_url"] == "https://cambio.test/alerts");
  CHECK(p["list_unsubscribe"].get<std::string>().starts_with(
      "https://cambio.test/alerts/unsubscribe?t="));
  CHECK(p["username"] == "ana");
  // Every value is a string (the mailer's templates take strings).
  for (const auto& [key, value] : p.items()) CHECK(value.is_string());
}

TEST_CASE("above and below look at the new ratio, ratios are shown with six significant digits") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  start_evaluation(f);
  const auto above = f.create(f.alert(ana, "EUR", "JPY", "above", "165"));
  const auto above_at = f.create(f.alert(ana, "EUR", "JPY", "above", "170"));
  f.create(f.alert(ana, "EUR", "JPY", "above", "171"));
  const auto below = f.create(f.alert(ana, "JPY", "EUR", "below", "0.006"));
  f.create(f.alert(ana, "JPY", "EUR", "below", "0.005"));
  f.store("2026-11-03", {{"USD", 1.1}, {"GBP", 0.85}, {"JPY", 170}});
  CHECK(f.evaluate("2026-11-03")["fired"] == 3);
  CHECK(f.fired_alerts() == sorted({above, above_at, below}));
  const auto mails = f.mails("alert_fired");
  const auto jpy = std::find_if(mails.begin(), mails.end(),
                                [](const json& m) { return m["params"]["pair"] == "JPY/EUR"; });
  REQUIRE(jpy != mails.end());
  CHECK((*jpy)["params"]["new_ratio"] == "0.00588235");  // 1/170
  CHECK((*jpy)["params"]["headline"] == "JPY/EUR is at or below 0.006");
}

TEST_CASE("change_pct compares with the set on or before the window's start") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  start_evaluation(f);  // 2026-11-02: USD 1.10
  f.store("2026-11-03", {{"USD", 1.12}, {"GBP", 0.85}, {"JPY", 160}});
  CHECK(f.evaluate("2026-11-03")["fired"] == 0);
  const auto moved =
      f.create(f.alert(ana, "EUR", "USD", "change_pct", "4.5", {{"window_days", 2}}));
  f.create(f.alert(ana, "EUR", "USD", "change_pct", "5.5", {{"window_days", 2}}));
  f.create(f.alert(ana, "EUR", "USD", "change_pct", "4.5", {{"window_days", 1}}));  // vs 1.12: 3.6%
  const auto fell = f.create(f.alert(ana, "USD", "EUR", "change_pct", "4", {{"window_days", 2}}));
  // 2026-11-04 vs 2026-11-02 (2 days): 1.10 → 1.155 is +5%; USD/EUR falls 4.76%.
  f.store("2026-11-04", {{"USD", 1.155}, {"GBP", 0.85}, {"JPY", 160}});
  CHECK(f.evaluate("2026-11-04")["fired"] == 2);
  CHECK(f.fired_alerts() == sorted({moved, fell}));
  const auto history =
      f.call(get_alert, "db.alerts.get", {{"user_id", ana}, {"alert_id", fell}})["history"];
  REQUIRE(history.size() == 1);
  CHECK(history[0]["headline"] == "USD/EUR fell 4.76% in 2 days");
  CHECK(history[0]["previous_date"] == "2026-11-02");
  CHECK(history[0]["direction"] == "down");
}

TEST_CASE("a repeating alert fires again once its cooldown has passed in market time") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  start_evaluation(f);  // USD 1.10 on Monday
  const auto id = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.15",
                                   {{"mode", "repeat"}, {"cooldown_s", 2 * 86400}}));
  const std::vector<std::pair<std::string, double>> days = {
      {"2026-11-03", 1.2},   // up: fires (Tuesday)
      {"2026-11-04", 1.1},   // down, one day later: cooling down
      {"2026-11-05", 1.2},   // up, two days later: fires
      {"2026-11-06", 1.1}};  // down, one day later: cooling down
  std::vector<int> fired;
  for (const auto& [date, usd] : days) {
    f.store(date, {{"USD", usd}, {"GBP", 0.85}, {"JPY", 160}});
    fired.push_back(f.evaluate(date)["fired"].get<int>());
  }
  CHECK(fired == std::vector<int>{1, 0, 1, 0});
  const auto alert =
      f.call(get_alert, "db.alerts.get", {{"user_id", ana}, {"alert_id", id}})["alert"];
  CHECK(alert["status"] == "active");
  CHECK(alert["firings"] == 2);
  CHECK(alert["last_fired_at"] == "2026-11-05T00:00:00Z");
}

TEST_CASE("only alerts created before the rate set was stored take part, paused ones do not") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  start_evaluation(f);
  const auto before = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.15"));
  const auto paused = f.create(f.alert(ana, "EUR", "USD", "crosses", "1.16"));
  f.call(set_alert_status, "db.alerts.set_status",
         {{"user_id", ana}, {"alert_id", paused}, {"status", "paused"}});
  f.store("2026-11-03", {{"USD", 1.2}, {"GBP", 0.85}, {"JPY", 160}});
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.17"));  // after the set arrived
  CHECK(f.evaluate("2026-11-03")["fired"] == 1);
  CHECK(f.fired_alerts() == std::vector<std::int64_t>{before});
}

TEST_CASE("a rate set is evaluated once, however often and however concurrently it is asked for") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto bob = f.user("bob");
  start_evaluation(f);
  for (int i = 0; i < 20; ++i) {
    f.create(f.alert(i % 2 ? ana : bob, "EUR", "USD", "crosses", "1.1" + std::to_string(i + 10)));
  }
  f.store("2026-11-03", {{"USD", 1.2}, {"GBP", 0.85}, {"JPY", 160}});

  std::vector<std::future<reply_with_mail>> calls;
  for (int i = 0; i < 6; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      return evaluate_rates(f.db(), {{"provider", "test"}, {"date", "2026-11-03"}},
                            clock::now() + std::chrono::seconds(30));
    }));
  }
  int fired = 0;
  int evaluated = 0;
  for (auto& c : calls) {
    const auto done = c.get();
    fired += done.reply["fired"].get<int>();
    evaluated += static_cast<int>(done.reply["evaluated"].size());
  }
  CHECK(evaluated == 1);
  CHECK(fired == 20);
  CHECK(f.fired_alerts().size() == 20);
  CHECK(f.mails("alert_fired").size() == 20);

  // Again (a redelivered rates.updated): nothing.
  const auto again = f.evaluate("2026-11-03");
  CHECK(again["evaluated"].empty());
  CHECK(again["fired"] == 0);
  CHECK(f.mails("alert_fired").size() == 20);
}

TEST_CASE("the sweep evaluates every pending set in date order, history before the start is not") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  f.store("2026-10-30", {{"USD", 1.3}, {"GBP", 0.85}, {"JPY", 160}});  // backfilled history
  start_evaluation(f);                                                 // 2026-11-02: 1.10
  const auto id = f.create(
      f.alert(ana, "EUR", "USD", "crosses", "1.15", {{"mode", "repeat"}, {"cooldown_s", 60}}));
  // The evaluator was down for three days: the sets are stored, nobody evaluated them.
  f.store("2026-11-03", {{"USD", 1.2}, {"GBP", 0.85}, {"JPY", 160}});
  f.store("2026-11-04", {{"USD", 1.1}, {"GBP", 0.85}, {"JPY", 160}});
  f.store("2026-11-05", {{"USD", 1.12}, {"GBP", 0.85}, {"JPY", 160}});
  f.store("2026-11-06", {{"USD", 1.16}, {"GBP", 0.85}, {"JPY", 160}}, "other");

  auto sweep = f.call(sweep_alerts, "db.alerts.sweep", {{"max_sets", 2}});
  CHECK(sweep["more"] == true);
  REQUIRE(sweep["evaluated"].size() == 2);
  CHECK(sweep["evaluated"][0]["date"] == "2026-11-06");  // "other": its first set
  CHECK(sweep["evaluated"][1]["date"] == "2026-11-03");
  // Exactly the two sets left: the budget is used up, nothing is left over.
  sweep = f.call(sweep_alerts, "db.alerts.sweep", {{"max_sets", 2}});
  CHECK(sweep["more"] == false);
  REQUIRE(sweep["evaluated"].size() == 2);
  CHECK(sweep["evaluated"][0]["date"] == "2026-11-04");
  CHECK(sweep["evaluated"][1]["date"] == "2026-11-05");
  CHECK(f.call(sweep_alerts, "db.alerts.sweep", {{"max_sets", 10}})["evaluated"].empty());
  // Up on the 3rd, down on the 4th; 2026-10-30 (before the start) was never compared with.
  CHECK(f.fired_alerts() == std::vector<std::int64_t>{id, id});
  CHECK(f.sql("SELECT count(*) FROM alert_evaluations WHERE rate_date = '2026-10-30'")[0][0]
            .as<int>() == 0);
}

TEST_CASE("BTC ticks: compared with the previous tick, in USD and through the newest rate set") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  f.store("2026-11-02", {{"USD", 1.25}, {"GBP", 0.85}, {"JPY", 160}});
  const auto usd = f.create(f.alert(ana, "BTC", "USD", "crosses", "100000"));
  const auto eur =
      f.create(f.alert(ana, "BTC", "EUR", "above", "80000"));  // 100,000 USD = 80,000 EUR
  const auto inverse = f.create(f.alert(ana, "USD", "BTC", "crosses", "0.00001"));
  f.create(f.alert(ana, "BTC", "GBP", "below", "50000"));
  auto tick = [&](double price, const std::string& at) {
    return f.call(evaluate_tick, "db.alerts.tick",
                  {{"symbol", "BTCUSD"}, {"price", price}, {"at", at}});
  };
  CHECK(tick(99000, "2026-11-02T10:00:00.000Z")["fired"] == 0);  // the first tick: nothing before
  const auto second = tick(100000, "2026-11-02T10:00:15.000Z");
  CHECK(second["fired"] == 3);
  CHECK(second["ignored"] == false);
  CHECK(f.fired_alerts() == sorted({usd, eur, inverse}));
  CHECK(tick(120000, "2026-11-02T10:00:15.000Z")["ignored"] == true);  // not after the last
  CHECK(tick(120000, "2026-11-02T10:00:01.000Z")["ignored"] == true);  // older
  CHECK(f.fired_alerts().size() == 3);
  const auto mails = f.mails("alert_fired");
  REQUIRE(mails.size() == 3);
  CHECK(mails[0]["params"]["previous_date"] == "2026-11-02T10:00:00.000Z");
  CHECK(mails[0]["params"]["new_date"] == "2026-11-02T10:00:15.000Z");
}

TEST_CASE(
    "daily_digest firings make no instant mail, the digest collects them into one mail per user") {
  alerts_fixture f;
  const auto ana = f.user("ana");
  const auto bob = f.user("bob");
  start_evaluation(f);
  const json digest = {{"delivery", "daily_digest"}};
  f.create(f.alert(ana, "EUR", "USD", "crosses", "1.15", digest));
  f.create(f.alert(ana, "EUR", "JPY", "above", "150", digest));
  const auto bobs =
      f.create(f.alert(bob, "EUR", "USD", "crosses", "1.16",
                       {{"delivery", "daily_digest"}, {"mode", "repeat"}, {"cooldown_s", 3600}}));
  f.create(f.alert(bob, "EUR", "USD", "crosses", "1.17"));  // instant
  f.store("2026-11-03", {{"USD", 1.2}, {"GBP", 0.85}, {"JPY", 160}});
  const auto evaluated = f.evaluate("2026-11-03");
  CHECK(evaluated["fired"] == 4);
  CHECK(evaluated["mails"] == 1);

  // A cutoff before the firings: nothing yet.
  CHECK(f.call(send_digests, "db.alerts.digest", {{"cutoff", "2026-01-01T00:00:00Z"}})["firings"] ==
        0);
  // Bob unsubscribes from his digest: his firing is collected without a mail.
  CHECK(f.call(unsubscribe_alerts, "db.alerts.unsubscribe", {{"digest_user_id", bob}})["paused"] ==
        1);
  const auto sent = f.call(send_digests, "db.alerts.digest", {{"cutoff", "2100-01-01T00:00:00Z"}});
  CHECK(sent["firings"] == 3);
  CHECK(sent["mails"] == 1);
  const auto mails = f.mails("alert_digest");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["recipient"] == "ana@example.com");
  const auto& p = mails[0]["params"];
  CHECK(p["count"] == "2");
  REQUIRE(p["items"].size() == 2);
  CHECK(p["items"][0]["headline"] == "EUR/USD crossed 1.15 going up");
  CHECK(p["items"][1]["headline"] == "EUR/JPY is at or above 150");
  CHECK(p["items_text"].get<std::string>().find("EUR/JPY is at or above 150: 160 (2026-11-02) to "
                                                "160 (2026-11-03)") != std::string::npos);
  CHECK(p["list_unsubscribe"] ==
        "https://cambio.test/alerts/unsubscribe?t=digest" + std::to_string(ana));
  // Collected once.
  CHECK(f.call(send_digests, "db.alerts.digest", {{"cutoff", "2100-01-01T00:00:00Z"}})["firings"] ==
        0);
  CHECK(f.sql("SELECT status FROM alerts WHERE id = $1", bobs)[0][0].as<std::string>() == "paused");
}
