// alert-evaluator's pure parts: the digest cutoff at its edges, the settings (errors name the
// setting), and what the evaluator makes of events and sweeps against a scripted db-proxy: the
// calls and their params, `more` followed, failures thrown (the event is redelivered) or
// reported (the sweep), counters and health.

#include <catch2/catch.hpp>

#include <deque>
#include <stdexcept>

#include "alerts/alert_evaluator.hpp"
#include "alerts/digest_cutoff.hpp"
#include "alerts/evaluator_settings.hpp"
#include "alerts/sweeper.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::alerts;
using namespace std::chrono;
using nlohmann::json;

namespace {

sys_seconds at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

std::string cutoff_text(system_clock::time_point now, int hour) {
  return utc_seconds_text(digest_cutoff(now, hour));
}

// A scripted db-proxy: records every call, answers from a queue of replies (a reply that is a
// string "throw:<code>" throws that rmqrpc error).
struct fake_db {
  std::vector<std::pair<std::string, json>> calls;
  std::deque<json> replies;

  db_call call() {
    return [this](std::string_view queue, const json& params) -> json {
      calls.emplace_back(std::string(queue), params);
      if (replies.empty()) throw std::logic_error("no reply scripted for " + std::string(queue));
      auto reply = replies.front();
      replies.pop_front();
      if (reply.is_string() && reply.get<std::string>() == "throw:unavailable") {
        throw rmqrpc::error(rmqrpc::errc::unavailable, "db-proxy is not there");
      }
      return reply;
    };
  }
};

json set(const std::string& date, int fired) {
  return {
      {"provider", "ecb-csv"}, {"date", date}, {"previous_date", "2024-01-02"}, {"fired", fired}};
}

json sets_reply(std::vector<json> sets, bool more) {
  int fired = 0;
  for (const auto& s : sets) fired += s["fired"].get<int>();
  return {{"evaluated", sets}, {"fired", fired}, {"mails", fired}, {"more", more}};
}

double metric(cambio::metrics::registry& m, const std::string& name) {
  return m.counter(name, "").value();
}

}  // namespace

TEST_CASE("the digest cutoff: the latest <hour>:00 UTC that has come", "[alerts][unit]") {
  // At the hour exactly: that hour; a millisecond before: the day before.
  CHECK(cutoff_text(at(2026, 11, 24, 7, 0, 0), 7) == "2026-11-24T07:00:00Z");
  CHECK(cutoff_text(at(2026, 11, 24, 7, 0, 0) - milliseconds(1), 7) == "2026-11-23T07:00:00Z");
  CHECK(cutoff_text(at(2026, 11, 24, 7, 0, 0) + milliseconds(1), 7) == "2026-11-24T07:00:00Z");
  CHECK(cutoff_text(at(2026, 11, 24, 23, 59, 59), 7) == "2026-11-24T07:00:00Z");
  // Midnight: hour 0 is that midnight; hour 23 is the evening before.
  CHECK(cutoff_text(at(2026, 11, 24, 0, 0, 0), 0) == "2026-11-24T00:00:00Z");
  CHECK(cutoff_text(at(2026, 11, 24, 0, 0, 0), 23) == "2026-11-23T23:00:00Z");
  CHECK(cutoff_text(at(2026, 11, 24, 22, 59, 59), 23) == "2026-11-23T23:00:00Z");
  // Across a year and a leap day.
  CHECK(cutoff_text(at(2027, 1, 1, 3, 0, 0), 7) == "2026-12-31T07:00:00Z");
  CHECK(cutoff_text(at(2028, 3, 1, 6, 0, 0), 7) == "2028-02-29T07:00:00Z");
  // Before 1970 is not a case; out-of-range hours are refused.
  CHECK_THROWS_AS(digest_cutoff(system_clock::now(), 24), std::invalid_argument);
  CHECK_THROWS_AS(digest_cutoff(system_clock::now(), -1), std::invalid_argument);
  CHECK(utc_seconds_text(at(2024, 2, 9, 5, 4, 3)) == "2024-02-09T05:04:03Z");
}

TEST_CASE("settings: defaults, values, and errors naming the setting", "[alerts][unit]") {
  const auto defaults =
      read_evaluator_settings(cambio::config(std::map<std::string, std::string>{}));
  CHECK(defaults.sweep_every == seconds(60));
  CHECK(defaults.sweep_sets == 10);
  CHECK(defaults.digest_hour == 7);
  CHECK(defaults.call_timeout == milliseconds(30000));
  const auto set =
      read_evaluator_settings(cambio::config({{"CAMBIO_ALERTS_SWEEP_S", "5"},
                                              {"CAMBIO_ALERTS_SWEEP_SETS", "100"},
                                              {"CAMBIO_ALERTS_DIGEST_HOUR", "0"},
                                              {"CAMBIO_ALERTS_CALL_TIMEOUT_MS", "900"}}));
  CHECK(set.sweep_every == seconds(5));
  CHECK(set.sweep_sets == 100);
  CHECK(set.digest_hour == 0);
  CHECK(set.call_timeout == milliseconds(900));
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"CAMBIO_ALERTS_SWEEP_S", "0"},
                                                        {"CAMBIO_ALERTS_SWEEP_S", "soon"},
                                                        {"CAMBIO_ALERTS_SWEEP_SETS", "101"},
                                                        {"CAMBIO_ALERTS_DIGEST_HOUR", "24"},
                                                        {"CAMBIO_ALERTS_CALL_TIMEOUT_MS", "0"}}) {
    INFO(key << "=" << value);
    CHECK_THROWS_WITH(
        read_evaluator_settings(cambio::config(std::map<std::string, std::string>{{key, value}})),
        Catch::StartsWith(key + "="));
  }
}

TEST_CASE("rates.updated: db.alerts.evaluate while more, already evaluated is counted",
          "[alerts][unit]") {
  cambio::metrics::registry metrics;
  alert_evaluator evaluator({}, metrics);
  fake_db db;
  db.replies = {sets_reply({set("2024-01-03", 2), set("2024-01-04", 0)}, true),
                sets_reply({set("2024-01-05", 1)}, false)};
  const json event = {
      {"provider", "ecb-csv"}, {"date", "2024-01-05"}, {"base", "EUR"}, {"previous_date", nullptr}};
  evaluator.rates_updated(event, db.call());
  REQUIRE(db.calls.size() == 2);
  for (const auto& [queue, params] : db.calls) {
    CHECK(queue == "db.alerts.evaluate");
    CHECK(params == json{{"provider", "ecb-csv"}, {"date", "2024-01-05"}});  // nothing else
  }
  CHECK(metric(metrics, "alerts_rate_sets_evaluated_total") == 3);
  CHECK(metric(metrics, "alerts_fired_total") == 3);
  CHECK(metric(metrics, "alerts_rate_sets_already_evaluated_total") == 0);

  // The same event again: nothing evaluated, nothing fired.
  db.replies = {sets_reply({}, false)};
  evaluator.rates_updated(event, db.call());
  CHECK(db.calls.size() == 3);
  CHECK(metric(metrics, "alerts_rate_sets_already_evaluated_total") == 1);
  CHECK(metric(metrics, "alerts_fired_total") == 3);
}

TEST_CASE("an event whose db call fails throws, so it is delivered again", "[alerts][unit]") {
  cambio::metrics::registry metrics;
  alert_evaluator evaluator({}, metrics);
  fake_db db;
  db.replies = {"throw:unavailable"};
  const json event = {
      {"provider", "ecb-csv"}, {"date", "2024-01-05"}, {"base", "EUR"}, {"previous_date", nullptr}};
  CHECK_THROWS_AS(evaluator.rates_updated(event, db.call()), rmqrpc::error);
  // Also after a first call that worked (more: true, then a failure).
  db.replies = {sets_reply({set("2024-01-03", 1)}, true), "throw:unavailable"};
  CHECK_THROWS_AS(evaluator.rates_updated(event, db.call()), rmqrpc::error);
  db.replies = {"throw:unavailable"};
  CHECK_THROWS_AS(evaluator.price_tick({{"symbol", "BTCUSD"},
                                        {"price", 64000.5},
                                        {"at", "2026-11-24T10:00:00.000Z"},
                                        {"source", "ws"}},
                                       db.call()),
                  rmqrpc::error);
  CHECK(metric(metrics, "alerts_ticks_total") == 0);
}

TEST_CASE("prices.tick: db.alerts.tick with symbol, price and time only", "[alerts][unit]") {
  cambio::metrics::registry metrics;
  alert_evaluator evaluator({}, metrics);
  fake_db db;
  db.replies = {json{{"fired", 2}, {"mails", 2}, {"ignored", false}}};
  evaluator.price_tick({{"symbol", "BTCUSD"},
                        {"price", 64000.5},
                        {"at", "2026-11-24T10:00:00.000Z"},
                        {"source", "ws"}},
                       db.call());
  REQUIRE(db.calls.size() == 1);
  CHECK(db.calls[0].first == "db.alerts.tick");
  CHECK(db.calls[0].second ==
        json{{"symbol", "BTCUSD"}, {"price", 64000.5}, {"at", "2026-11-24T10:00:00.000Z"}});
  CHECK(metric(metrics, "alerts_ticks_total") == 1);
  CHECK(metric(metrics, "alerts_fired_total") == 2);
}

TEST_CASE("the sweep: db.alerts.sweep while more, then the digest", "[alerts][unit]") {
  cambio::metrics::registry metrics;
  evaluator_settings settings;
  settings.sweep_sets = 3;
  settings.digest_hour = 7;
  alert_evaluator evaluator(settings, metrics);
  CHECK(evaluator.health().ok);
  fake_db db;
  db.replies = {
      sets_reply({set("2024-01-03", 1), set("2024-01-04", 0), set("2024-01-05", 4)}, true),
      sets_reply({set("2024-01-08", 2)}, false), json{{"mails", 3}, {"firings", 5}}};
  const auto report = evaluator.sweep(db.call(), at(2026, 11, 24, 6, 30, 0));
  REQUIRE(db.calls.size() == 3);
  CHECK(db.calls[0] == std::pair<std::string, json>{"db.alerts.sweep", {{"max_sets", 3}}});
  CHECK(db.calls[1] == std::pair<std::string, json>{"db.alerts.sweep", {{"max_sets", 3}}});
  CHECK(db.calls[2] ==
        std::pair<std::string, json>{"db.alerts.digest", {{"cutoff", "2026-11-23T07:00:00Z"}}});
  CHECK(report.calls == 2);
  CHECK(report.sets == 4);
  CHECK(report.fired == 7);
  CHECK(report.complete);
  CHECK(report.digest_mails == 3);
  CHECK(report.error.empty());
  CHECK(evaluator.health().ok);
  CHECK(evaluator.health().detail.find("4 rate set(s), 7 firing(s)") != std::string::npos);
  CHECK(metric(metrics, "alerts_digest_mails_total") == 3);
  CHECK(metric(metrics, "alerts_rate_sets_evaluated_total") == 4);

  // A failing sweep call: reported, health not ok, the digest is still asked for.
  db.calls.clear();
  db.replies = {"throw:unavailable", json{{"mails", 0}, {"firings", 0}}};
  const auto failed = evaluator.sweep(db.call(), at(2026, 11, 24, 7, 0, 0));
  REQUIRE(db.calls.size() == 2);
  CHECK(db.calls[1].second == json{{"cutoff", "2026-11-24T07:00:00Z"}});
  CHECK_FALSE(failed.complete);
  CHECK(failed.error.find("db.alerts.sweep") != std::string::npos);
  CHECK_FALSE(evaluator.health().ok);
  CHECK(evaluator.health().detail.find("db-proxy is not there") != std::string::npos);
  CHECK(metric(metrics, "alerts_sweep_failures_total") == 1);

  // A stop request ends the sweep between calls.
  db.calls.clear();
  std::stop_source stop;
  stop.request_stop();
  db.replies = {json{{"mails", 0}, {"firings", 0}}};
  const auto stopped = evaluator.sweep(db.call(), at(2026, 11, 24, 8, 0, 0), stop.get_token());
  CHECK(stopped.calls == 0);
  CHECK_FALSE(stopped.complete);
  CHECK(evaluator.health().ok);  // it worked, as far as it went
}

TEST_CASE("the sweeper runs at start, every period, and sooner after a failure", "[alerts][unit]") {
  std::mutex m;
  std::vector<steady_clock::time_point> runs;
  bool fail = true;
  const auto count = [&] {
    std::lock_guard lock(m);
    return runs.size();
  };
  const auto wait_for = [&](std::size_t n) {
    const auto until = steady_clock::now() + seconds(5);
    while (count() < n && steady_clock::now() < until) std::this_thread::sleep_for(milliseconds(5));
    return count() >= n;
  };
  sweeper s(seconds(3), milliseconds(50), [&](const std::stop_token&) {
    std::lock_guard lock(m);
    runs.push_back(steady_clock::now());
    const bool ok = !fail;
    fail = false;  // the first run fails, the others work
    return ok;
  });
  const auto began = steady_clock::now();
  s.start();
  // At start, then again after the retry delay (the first run failed)...
  REQUIRE(wait_for(2));
  const auto second = steady_clock::now();
  {
    std::lock_guard lock(m);
    CHECK(runs[1] - runs[0] >= milliseconds(50));
    CHECK(runs[1] - began < seconds(3));
  }
  // ...then not before the period.
  std::this_thread::sleep_for(milliseconds(300));
  if (steady_clock::now() - second < seconds(3)) CHECK(count() == 2);
  s.wake();  // now
  REQUIRE(wait_for(3));
  s.stop();
  const auto after_stop = count();
  std::this_thread::sleep_for(milliseconds(200));
  CHECK(count() == after_stop);
}
