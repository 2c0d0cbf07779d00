// The frontend executable against the real rates backend: db-proxy and rates-ingestor on the ECB
// CSV file (tests/frontend/rates_stack.hpp), checked over HTTP against values of the file.

#include <chrono>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "rates_stack.hpp"

using cambio::testing::rates_stack;
using nlohmann::json;

namespace {

struct answer {
  int status = 0;
  json body;
  std::string text;
  std::string cache_control;
  std::string content_type;
};

answer get(const rates_stack& stack, const std::string& path) {
  auto client = stack.http();
  const auto res = client.Get(path.c_str());
  INFO("GET " << path);
  REQUIRE(res);
  answer a{res->status, json(), res->body, res->get_header_value("Cache-Control"),
           res->get_header_value("Content-Type")};
  if (a.content_type.rfind("application/json", 0) == 0) a.body = json::parse(res->body);
  return a;
}

// The error body's code, checked to be a well-formed error body.
std::string error_code(const answer& a) {
  INFO(a.text);
  REQUIRE(a.body.contains("error"));
  REQUIRE(a.body["error"].contains("message"));
  REQUIRE(a.body["error"].contains("details"));
  CHECK(a.cache_control == "no-store");
  return a.body["error"]["code"];
}

std::string error_message(const answer& a) { return a.body["error"]["message"]; }

}  // namespace

TEST_CASE("rates API: Frankfurter-shaped answers with the ECB file's values", "[frontend][e2e]") {
  rates_stack stack;
  stack.ingest_early_2024();

  const auto latest = get(stack, "/api/v1/rates/latest");
  REQUIRE(latest.status == 200);
  CHECK(latest.content_type == "application/json");
  CHECK(latest.cache_control == "public, max-age=60");
  CHECK(latest.body["amount"] == 1.0);
  CHECK(latest.body["base"] == "EUR");
  CHECK(latest.body["date"] == "2026-04-13");
  CHECK(latest.body["rates"]["USD"] == 1.1684);
  CHECK(latest.body["rates"]["JPY"] == 186.75);
  CHECK(latest.body["provider"] == "ecb-csv");
  CHECK(latest.body["offline"] == true);

  const auto usd = get(stack, "/api/v1/rates/latest?base=USD&symbols=EUR,GBP&amount=10");
  REQUIRE(usd.status == 200);
  CHECK(usd.body["amount"] == 10.0);
  CHECK(usd.body["base"] == "USD");
  CHECK(usd.body["rates"] == json{{"EUR", 8.5587}, {"GBP", 7.451}});

  const auto dated = get(stack, "/api/v1/rates/2024-01-05?symbols=USD,JPY");
  REQUIRE(dated.status == 200);
  CHECK(dated.body["date"] == "2024-01-05");
  CHECK(dated.body["rates"] == json{{"USD", 1.0921}, {"JPY", 158.57}});
  CHECK(dated.cache_control == "public, max-age=86400");

  // A Saturday: the set of the Friday before.
  const auto saturday = get(stack, "/api/v1/rates/2024-01-06?base=USD&symbols=EUR");
  REQUIRE(saturday.status == 200);
  CHECK(saturday.body["date"] == "2024-01-05");
  CHECK(saturday.body["rates"]["EUR"] == 0.91567);  // 1 / 1.0921

  const auto range = get(stack, "/api/v1/rates/2024-01-01..2024-01-31?symbols=USD");
  REQUIRE(range.status == 200);
  CHECK(range.body["amount"] == 1.0);
  CHECK(range.body["base"] == "EUR");
  CHECK(range.body["start_date"] == "2024-01-02");
  CHECK(range.body["end_date"] == "2024-01-31");
  CHECK(range.body["rates"].size() == 22);  // the file's dates in January 2024
  CHECK(range.body["rates"]["2024-01-02"] == json{{"USD", 1.0956}});
  CHECK(range.body["rates"]["2024-01-05"] == json{{"USD", 1.0921}});

  // Without symbols: every currency of the newest set.
  const auto all = get(stack, "/api/v1/rates/2024-01-02..2024-01-05?amount=2");
  REQUIRE(all.status == 200);
  CHECK(all.body["rates"].size() == 4);
  CHECK(all.body["rates"]["2024-01-05"].size() >= 25);
  CHECK(all.body["rates"]["2024-01-05"]["USD"] == 2.1842);
  CHECK(all.body["rates"]["2024-01-05"]["GBP"] == 1.7242);

  // An open end: up to today, so the newest set.
  const auto open = get(stack, "/api/v1/rates/2026-04-01..?base=USD&symbols=EUR");
  REQUIRE(open.status == 200);
  CHECK(open.body["end_date"] == "2026-04-13");
  CHECK(open.body["base"] == "USD");

  const auto converted =
      get(stack, "/api/v1/rates/convert?from=EUR&to=USD&amount=100&date=2024-01-05");
  REQUIRE(converted.status == 200);
  CHECK(converted.body["rate"] == 1.0921);
  CHECK(converted.body["result"] == "109.21");
  CHECK(converted.body["amount"] == "100.00");
  CHECK(converted.body["date"] == "2024-01-05");
  CHECK(converted.body["offline"] == true);

  const auto jpy = get(stack, "/api/v1/rates/convert?from=USD&to=JPY&amount=100");
  REQUIRE(jpy.status == 200);
  CHECK(jpy.body["result"] == "15983");  // 100 × 186.75 / 1.1684, JPY has no minor unit
  CHECK(jpy.body["date"] == "2026-04-13");

  // The BTC feed is off in this stack: rates.btc answers unavailable.
  const auto btc = get(stack, "/api/v1/rates/btc?currency=EUR");
  CHECK(btc.status == 503);
  CHECK(error_code(btc) == "unavailable");
}

TEST_CASE("rates API: 400 for bad input, 404 before the history", "[frontend][e2e]") {
  rates_stack stack;

  const auto expect_400 = [&](const std::string& path, const std::string& says) {
    const auto a = get(stack, path);
    INFO(path << " → " << a.text);
    CHECK(a.status == 400);
    CHECK(error_code(a) == "invalid_argument");
    CHECK_THAT(error_message(a), Catch::Contains(says));
  };
  expect_400("/api/v1/rates/latest?base=XYZ", "base: unknown currency 'XYZ'");
  expect_400("/api/v1/rates/latest?symbols=USD,HRK", "HRK is retired");
  expect_400("/api/v1/rates/latest?amount=abc", "amount: 'abc' is not a positive decimal number");
  expect_400("/api/v1/rates/latest?amount=0", "amount: must be more than zero");
  expect_400("/api/v1/rates/2024-02-30", "'2024-02-30'");
  expect_400("/api/v1/rates/yesterday", "is not latest, a date");
  expect_400("/api/v1/rates/2024-01-31..2024-01-01", "is before the start");
  expect_400("/api/v1/rates/2024-01-01..2024-13-01", "range end");
  expect_400("/api/v1/rates/2099-01-01", "in the future");  // said by rates-ingestor
  expect_400("/api/v1/rates/convert?from=USD", "to: missing");
  expect_400("/api/v1/rates/convert?from=USD&to=EUR&amount=-5", "amount:");
  expect_400("/api/v1/rates/btc?currency=ZZZ", "currency:");

  const auto before = get(stack, "/api/v1/rates/2023-06-01");
  CHECK(before.status == 404);
  CHECK(error_code(before) == "not_found");
  const auto before_range = get(stack, "/api/v1/rates/2023-06-01..2023-06-30?symbols=USD");
  CHECK(before_range.status == 404);
  CHECK(error_code(before_range) == "not_found");
  const auto convert_before = get(stack, "/api/v1/rates/convert?from=EUR&to=USD&date=2023-06-01");
  CHECK(convert_before.status == 404);

  const auto nowhere = get(stack, "/api/v1/rates/2024-01-05/extra");
  CHECK(nowhere.status == 404);
  CHECK(error_code(nowhere) == "not_found");
}

TEST_CASE("rates page: table, offline banner, chart and conversion from the backend",
          "[frontend][e2e]") {
  rates_stack stack;

  const auto page = get(stack, "/rates");
  REQUIRE(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK_THAT(page.text, Catch::Contains("<time id=\"rate-date\" datetime=\"2026-04-13\">"));
  CHECK_THAT(page.text,
             Catch::Contains("<abbr title=\"US Dollar\">USD</abbr></td><td class=\"num\">"
                             "1.1684</td>"));
  CHECK_THAT(page.text, Catch::Contains("Offline data:"));
  CHECK_THAT(page.text, Catch::Contains("<polyline"));
  CHECK_THAT(page.text, Catch::Contains(">2026-04-13</text>"));  // the chart's last date

  const auto usd = get(stack, "/rates?base=USD&chart=USD-JPY&days=7");
  REQUIRE(usd.status == 200);
  CHECK_THAT(usd.text, Catch::Contains("<option value=\"USD\" selected>"));
  CHECK_THAT(usd.text, Catch::Contains("1 USD in other currencies"));
  CHECK_THAT(usd.text, Catch::Contains("USD → JPY, last 7 days"));

  const auto converted = get(stack, "/rates?from=EUR&to=USD&amount=100");
  REQUIRE(converted.status == 200);
  CHECK_THAT(converted.text, Catch::Contains("100.00 EUR = 116.84 USD</output>"));

  const auto bad_amount = get(stack, "/rates?from=EUR&to=USD&amount=lots");
  CHECK(bad_amount.status == 200);
  CHECK_THAT(bad_amount.text, Catch::Contains("id=\"conversion-error\""));

  const auto bad_base = get(stack, "/rates?base=XYZ");
  CHECK(bad_base.status == 400);
  CHECK_THAT(bad_base.text, Catch::Contains("unknown currency &#39;XYZ&#39;"));

  const auto home = get(stack, "/");
  CHECK_THAT(home.text, Catch::Contains("href=\"/rates\""));
}

TEST_CASE("with rates-ingestor stopped, the API and the page answer 503 within the deadline",
          "[frontend][e2e]") {
  rates_stack stack;
  stack.stop_rates_ingestor();

  for (const char* path : {"/api/v1/rates/latest", "/api/v1/rates/2024-01-05",
                           "/api/v1/rates/convert?from=EUR&to=USD", "/rates"}) {
    INFO(path);
    const auto started = std::chrono::steady_clock::now();
    const auto a = get(stack, path);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(a.status == 503);
    CHECK(took < std::chrono::seconds(5));
    if (std::string(path) == "/rates") {
      CHECK_THAT(a.text, Catch::Contains("Rates are unavailable right now"));
    } else {
      // No reply at all (nothing consumes the queue any more): 503, whichever code says so.
      const auto code = error_code(a);
      CHECK((code == "deadline_exceeded" || code == "unavailable"));
    }
  }
  // The home page still answers, and says so.
  const auto home = get(stack, "/");
  CHECK(home.status == 200);
}
