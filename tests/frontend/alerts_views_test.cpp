// The alerts' output side: the current ratio of a pair (alerts/pair_ratio.hpp), the texts and the
// pages (alerts/alert_views.hpp), and the API's alert objects.

#include <catch2/catch.hpp>

#include "alerts/alert_views.hpp"
#include "alerts/pair_ratio.hpp"

using namespace cambio::frontend;
using namespace cambio::frontend::alerts;
using Catch::Contains;
using nlohmann::json;

namespace {

market ecb_day() {
  market m;
  add_latest(m, json::parse(R"({"provider":"ecb-csv","base":"EUR","date":"2026-04-13",
      "rates":{"USD":1.25,"GBP":0.8,"JPY":160.0},"offline":true})"));
  return m;
}

json alert(std::int64_t id, const std::string& base, const std::string& quote) {
  return {{"id", id},
          {"public_id", "6f1c2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b"},
          {"base", base},
          {"quote", quote},
          {"condition", "crosses"},
          {"threshold", "1.085"},
          {"mode", "once"},
          {"delivery", "instant"},
          {"status", "active"},
          {"created_at", "2026-11-23T10:00:00Z"},
          {"last_fired_at", nullptr},
          {"firings", 0}};
}

page_frame signed_in() {
  page_frame f;
  f.username = "alice";
  f.csrf_token = "SESSION-CSRF";
  return f;
}

}  // namespace

TEST_CASE("the ratio of a pair is r(quote)/r(base) on the set's date", "[alerts][views]") {
  const auto m = ecb_day();
  const auto eur_usd = ratio_of(m, "EUR", "USD");
  REQUIRE(eur_usd);
  CHECK(eur_usd->value == Approx(1.25));
  CHECK(eur_usd->date == "2026-04-13");
  CHECK_FALSE(eur_usd->btc);
  CHECK(ratio_of(m, "USD", "EUR")->value == Approx(0.8));
  CHECK(ratio_of(m, "GBP", "JPY")->value == Approx(200.0));
  CHECK(ratio_of(m, "USD", "GBP")->value == Approx(0.64));
  CHECK_FALSE(ratio_of(m, "EUR", "CHF"));  // not in the set
  CHECK_FALSE(ratio_of(market{}, "EUR", "USD"));
}

TEST_CASE("BTC pairs use the BTC price in the other currency", "[alerts][views]") {
  auto m = ecb_day();
  CHECK(btc_currencies({{"BTC", "USD"}, {"EUR", "BTC"}, {"EUR", "USD"}, {"BTC", "USD"}}) ==
        std::set<std::string>{"USD", "EUR"});
  CHECK_FALSE(ratio_of(m, "BTC", "USD"));
  add_btc(m, json::parse(R"({"currency":"USD","price":80000.0,"usd_price":80000.0,
      "at":"2026-04-13T10:15:30.000Z","age_ms":5,"source":"rest","offline":true})"));
  const auto btc_usd = ratio_of(m, "BTC", "USD");
  REQUIRE(btc_usd);
  CHECK(btc_usd->value == Approx(80000.0));
  CHECK(btc_usd->btc);
  CHECK(btc_usd->date == "2026-04-13T10:15:30.000Z");
  CHECK(ratio_of(m, "USD", "BTC")->value == Approx(1.0 / 80000.0));
  CHECK_FALSE(ratio_of(m, "BTC", "EUR"));
}

TEST_CASE("texts: ratios, market times, conditions, modes, cooldowns", "[alerts][views]") {
  CHECK(ratio_text(1.0856123) == "1.08561");
  CHECK(ratio_text(0.00612345678) == "0.00612346");
  CHECK(ratio_text(97250.12) == "97250.1");
  CHECK(market_time_text("2026-04-13") == "2026-04-13");
  CHECK(market_time_text("2026-11-24T00:00:00Z") == "2026-11-24");
  CHECK(market_time_text("2026-11-24T10:15:00Z") == "2026-11-24 10:15 UTC");
  CHECK(market_time_text("2026-04-13T10:15:30.000Z") == "2026-04-13 10:15 UTC");
  CHECK(cooldown_text(3600) == "1 hour");
  CHECK(cooldown_text(21600) == "6 hours");
  CHECK(cooldown_text(86400) == "1 day");
  CHECK(cooldown_text(604800) == "7 days");
  CHECK(cooldown_text(90) == "90 seconds");
  auto a = alert(1, "EUR", "USD");
  CHECK(condition_text(a) == "crosses 1.085");
  CHECK(mode_text(a) == "once");
  a["condition"] = "change_pct";
  a["threshold"] = "2.5";
  a["window_days"] = 7;
  CHECK(condition_text(a) == "moves 2.5% within 7 days");
  a["mode"] = "repeat";
  a["cooldown_s"] = 86400;
  CHECK(mode_text(a) == "repeats, at most every 1 day");
  CHECK(delivery_text("daily_digest") == "daily digest");
  CHECK(delivery_text("instant") == "instant mail");
}

TEST_CASE("the list page: each alert with its ratio, date, status and forms", "[alerts][views]") {
  alerts_page view;
  auto paused = alert(7, "GBP", "JPY");
  paused["status"] = "paused";
  paused["last_fired_at"] = "2026-04-10T00:00:00Z";
  paused["firings"] = 2;
  view.alerts = json::array({alert(8, "EUR", "USD"), paused, alert(6, "EUR", "CHF")});
  view.now = ecb_day();
  view.next_after = 6;
  view.query.base = "EUR";
  view.form.public_id = "6f1c2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
  const auto html = render_alerts_page(signed_in(), view);
  CHECK_THAT(html, Contains("<tr id=\"alert-8\" class=\"alert-row\" data-pair=\"EUR/USD\">"));
  CHECK_THAT(html, Contains("<span class=\"ratio\">1.25</span>"));
  CHECK_THAT(html, Contains("<span class=\"ratio\">200</span>"));
  CHECK_THAT(html, Contains("2026-04-13"));
  CHECK_THAT(html, Contains("<span class=\"ratio\">—</span>"));  // EUR/CHF: no rate
  CHECK_THAT(html, Contains("action=\"/alerts/8/pause\"") &&
                       Contains("action=\"/alerts/7/resume\"") &&
                       Contains("action=\"/alerts/6/delete\""));
  CHECK_THAT(html, !Contains("action=\"/alerts/8/resume\"") && !Contains("/alerts/7/pause"));
  CHECK_THAT(html, Contains("2026-04-10") && Contains("never"));
  // Every form of the page carries the session's CSRF token.
  std::size_t forms = 0;
  std::size_t tokens = 0;
  for (auto at = html.find("method=\"post\""); at != std::string::npos;
       at = html.find("method=\"post\"", at + 1)) {
    ++forms;
  }
  for (auto at = html.find("name=\"csrf\" value=\"SESSION-CSRF\""); at != std::string::npos;
       at = html.find("name=\"csrf\" value=\"SESSION-CSRF\"", at + 1)) {
    ++tokens;
  }
  CHECK(forms == 3 + 3 + 1 + 1);  // 3 deletes, 3 pauses or resumes, create, log out
  CHECK(tokens == forms);
  // Keyset pagination keeps the filters.
  CHECK_THAT(html, Contains("href=\"/alerts?base=EUR&amp;after=6\""));
  CHECK_THAT(html, !Contains("id=\"first-page\""));
  CHECK_THAT(html, Contains("<option value=\"EUR\" selected>EUR</option>"));
  CHECK_THAT(html, Contains("name=\"public_id\" value=\"6f1c2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b\""));
  CHECK_THAT(html, Contains("<title>Alerts — Cambio</title>") &&
                       Contains("<a href=\"/alerts\" aria-current=\"page\">Alerts</a>"));
}

TEST_CASE("the list page: an empty list, missing rates, a refused form kept as typed",
          "[alerts][views]") {
  alerts_page view;
  view.rates_missing = true;
  view.query.after = 40;
  view.form.values = {{"base", "GBP"}, {"quote", "GBP"}, {"threshold", "<b>0</b>"}};
  view.form.problems = {{"quote", "Choose two different currencies (GBP twice)."},
                        {"threshold", "The threshold must be greater than 0."}};
  view.form.error = "The alert was not created: check the fields marked below.";
  const auto html = render_alerts_page(signed_in(), view);
  CHECK_THAT(html, Contains("id=\"rates-missing\""));
  CHECK_THAT(html, Contains("No more alerts.") && Contains("id=\"first-page\" href=\"/alerts\""));
  CHECK_THAT(html, Contains("id=\"quote-error\">Choose two different currencies (GBP twice).<"));
  CHECK_THAT(html, Contains("id=\"threshold-error\">The threshold must be greater than 0.<"));
  CHECK_THAT(html, Contains("value=\"&lt;b&gt;0&lt;/b&gt;\"") && !Contains("<b>0</b>"));
  CHECK_THAT(html, Contains("id=\"form-error\""));

  alerts_page none;
  CHECK_THAT(render_alerts_page(signed_in(), none),
             Contains("You have no alerts yet") && !Contains("id=\"rates-missing\""));
  none.query.status = "done";
  CHECK_THAT(render_alerts_page(signed_in(), none), Contains("No alert matches these filters."));
}

TEST_CASE("the alert page: facts and the history of firings", "[alerts][views]") {
  auto a = alert(8, "EUR", "USD");
  a["firings"] = 1;
  a["last_fired_at"] = "2026-04-13T00:00:00Z";
  const auto history = json::array({{{"fired_at", "2026-04-13T16:05:00Z"},
                                     {"market_at", "2026-04-13T00:00:00Z"},
                                     {"window", "rates:ecb-csv:2026-04-13"},
                                     {"headline", "EUR/USD crossed 1.085 going up"},
                                     {"previous_ratio", "1.08"},
                                     {"previous_date", "2026-04-10"},
                                     {"new_ratio", "1.25"},
                                     {"new_date", "2026-04-13"},
                                     {"direction", "up"},
                                     {"delivery", "instant"}}});
  const auto html = render_alert_page(signed_in(), a, history, ecb_day(), false);
  CHECK_THAT(html, Contains("<span id=\"pair\">EUR/USD</span>"));
  CHECK_THAT(html,
             Contains("id=\"ratio\">1.25</span>") && Contains("id=\"ratio-date\">2026-04-13"));
  CHECK_THAT(html,
             Contains("EUR/USD crossed 1.085 going up") && Contains("1.08") && Contains("↑ up"));
  CHECK_THAT(html,
             Contains("action=\"/alerts/8/delete\"") && Contains("name=\"from\" value=\"alert\""));
  CHECK_THAT(html, !Contains("id=\"no-history\""));
  CHECK_THAT(render_alert_page(signed_in(), alert(9, "EUR", "USD"), json::array(), ecb_day(), true),
             Contains("id=\"no-history\"") && Contains("id=\"rates-missing\""));
}

TEST_CASE("the unsubscribe page: confirm (a POST button), done, invalid", "[alerts][views]") {
  unsubscribe_view v;
  v.step = unsubscribe_step::confirm;
  v.token = "YWxlcnQ6eA.c2ln";
  const auto confirm = render_unsubscribe_page(page_frame{}, v);
  CHECK_THAT(confirm, Contains("<form id=\"unsubscribe-form\" method=\"post\" "
                               "action=\"/alerts/unsubscribe?t=YWxlcnQ6eA.c2ln\">"));
  CHECK_THAT(confirm,
             Contains("name=\"List-Unsubscribe\" value=\"One-Click\"") && Contains("this alert"));
  v.step = unsubscribe_step::done;
  v.paused = 1;
  CHECK_THAT(render_unsubscribe_page(page_frame{}, v),
             Contains("id=\"unsubscribed\"") && Contains("the alert is paused"));
  v.digest = true;
  v.paused = 3;
  CHECK_THAT(render_unsubscribe_page(page_frame{}, v), Contains("3 daily digest alerts paused"));
  v.paused = 0;
  CHECK_THAT(render_unsubscribe_page(page_frame{}, v), Contains("Nothing left to pause"));
  v.step = unsubscribe_step::invalid;
  CHECK_THAT(render_unsubscribe_page(page_frame{}, v),
             Contains("not valid") && !Contains("unsubscribe-form"));
}

TEST_CASE("the API's alert: no public id, the current ratio or null", "[alerts][views]") {
  const auto j = alert_json(alert(8, "EUR", "USD"), ecb_day());
  CHECK_FALSE(j.contains("public_id"));
  CHECK(j.at("id") == 8);
  CHECK(j.at("current").at("ratio").get<double>() == Approx(1.25));
  CHECK(j.at("current").at("date") == "2026-04-13");
  CHECK(j.at("current").at("source") == "rates");
  CHECK(alert_json(alert(9, "EUR", "CHF"), ecb_day()).at("current").is_null());
}
