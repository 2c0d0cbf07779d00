#include <catch2/catch.hpp>

#include "html.hpp"
#include "rates/rates_page_view.hpp"

using namespace cambio::frontend;

namespace {

nlohmann::json latest_reply(bool offline = true) {
  return {{"provider", "ecb-csv"},
          {"base", "EUR"},
          {"date", "2026-04-13"},
          {"rates", {{"USD", 1.1684}, {"JPY", 186.75}, {"GBP", 0.87058}}},
          {"offline", offline}};
}

rates_page_model model(bool offline = true) {
  auto m = page_model_from(latest_reply(offline));
  m.chart.pair = {"EUR", "USD"};
  m.chart.days = 30;
  m.chart.points = {{"2026-04-10", 1.1711}, {"2026-04-13", 1.1684}};
  m.conversion.from = "EUR";
  m.conversion.to = "USD";
  m.conversion.amount = "100";
  return m;
}

}  // namespace

TEST_CASE("HTML escaping: the five characters that matter") {
  CHECK(escape_html("<a href=\"x\">Tom & Jerry's</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(escape_html("EUR 1.0956 — €") == "EUR 1.0956 — €");
  CHECK(escape_html("") == "");
}

TEST_CASE("the page model from rates.latest: rates and currencies sorted, the base a choice") {
  const auto m = page_model_from(latest_reply());
  CHECK(m.base == "EUR");
  CHECK(m.date == "2026-04-13");
  CHECK(m.offline);
  REQUIRE(m.rates.size() == 3);
  CHECK(m.rates[0].first == "GBP");
  CHECK(m.rates[2].first == "USD");
  CHECK(m.currencies == std::vector<std::string>{"EUR", "GBP", "JPY", "USD"});
}

TEST_CASE("chart points: the quote's rate of each point that has it") {
  const nlohmann::json history = {{"points",
                                   {{{"date", "2026-04-10"}, {"rates", {{"USD", 1.1711}}}},
                                    {{"date", "2026-04-11"}, {"rates", nlohmann::json::object()}},
                                    {{"date", "2026-04-13"}, {"rates", {{"USD", 1.1684}}}}}}};
  const auto points = chart_points(history, "USD");
  REQUIRE(points.size() == 2);
  CHECK(points[1].date == "2026-04-13");
  CHECK(points[1].value == 1.1684);
}

TEST_CASE("rates page: a document with the table, the rate date, the forms and the chart") {
  const auto page = render_rates_page(model());
  CHECK_THAT(page, Catch::StartsWith("<!doctype html>") && Catch::EndsWith("</html>\n"));
  CHECK_THAT(page, Catch::Contains("<meta name=\"viewport\""));
  CHECK_THAT(page, Catch::Contains("<table id=\"rates\">"));
  CHECK_THAT(page, Catch::Contains(
                       "<abbr title=\"US Dollar\">USD</abbr></td><td class=\"num\">1.1684</td>"));
  CHECK_THAT(page,
             Catch::Contains("<time id=\"rate-date\" datetime=\"2026-04-13\">2026-04-13</time>"));
  CHECK_THAT(page, Catch::Contains("<form id=\"base-form\" method=\"get\" action=\"/rates\">"));
  CHECK_THAT(page, Catch::Contains("<select id=\"base\" name=\"base\">"));
  CHECK_THAT(page, Catch::Contains("<option value=\"EUR\" selected>EUR — Euro</option>"));
  CHECK_THAT(page, Catch::Contains("<form id=\"convert-form\""));
  CHECK_THAT(page, Catch::Contains("<form id=\"chart-form\""));
  CHECK_THAT(page, Catch::Contains("<option value=\"EUR-USD\" selected>EUR-USD</option>"));
  CHECK_THAT(page, Catch::Contains("<figure id=\"chart\"><svg") && Catch::Contains("<polyline"));
  // No script and nothing from elsewhere: the one link is the site's own stylesheet.
  CHECK_THAT(page, !Catch::Contains("<script") && !Catch::Contains("src=") &&
                       !Catch::Contains("https://") && !Catch::Contains("<style"));
  CHECK_THAT(page, Catch::Contains("<link rel=\"stylesheet\" href=\"/static/cambio.css?v="));
  CHECK(page.find("<link") == page.rfind("<link"));
}

TEST_CASE("rates page: the offline banner only with offline data") {
  CHECK_THAT(render_rates_page(model(true)),
             Catch::Contains("id=\"offline-banner\"") && Catch::Contains("Offline data:"));
  CHECK_THAT(render_rates_page(model(false)), !Catch::Contains("Offline data"));
}

TEST_CASE("rates page: the conversion's result, or why there is none") {
  auto m = model();
  m.conversion.result = nlohmann::json{
      {"from", "EUR"},      {"to", "USD"},          {"amount", "100.00"},    {"rate", 1.1684},
      {"result", "116.84"}, {"date", "2026-04-13"}, {"provider", "ecb-csv"}, {"offline", true}};
  CHECK_THAT(render_rates_page(m),
             Catch::Contains("<output id=\"conversion-result\" for=\"amount from to\">100.00 EUR = "
                             "116.84 USD</output>"));
  m.conversion.result.reset();
  m.conversion.error = "amount: 'lots' is not a positive decimal number";
  CHECK_THAT(render_rates_page(m),
             Catch::Contains("id=\"conversion-error\"") &&
                 Catch::Contains("amount: &#39;lots&#39; is not a positive decimal number"));
}

TEST_CASE("rates page: a chosen chart and period are kept when the base changes") {
  auto m = model();
  CHECK_THAT(render_rates_page(m), !Catch::Contains("type=\"hidden\" name=\"chart\""));
  m.chart.chosen = true;
  m.chart.pair = {"GBP", "JPY"};
  m.chart.days = 45;
  const auto page = render_rates_page(m);
  CHECK_THAT(page, Catch::Contains("<input type=\"hidden\" name=\"chart\" value=\"GBP-JPY\">"));
  CHECK_THAT(page, Catch::Contains("<input type=\"hidden\" name=\"days\" value=\"45\">"));
  CHECK_THAT(page, Catch::Contains("<option value=\"GBP-JPY\" selected>GBP-JPY</option>"));
  CHECK_THAT(page, Catch::Contains("<option value=\"45\" selected>45 days</option>"));
}

TEST_CASE("rates page: a chart error is shown instead of the chart") {
  auto m = model();
  m.chart.error = "no rates on or before 2020-01-01";
  const auto page = render_rates_page(m);
  CHECK_THAT(page, Catch::Contains("id=\"chart-error\"") && !Catch::Contains("<svg"));
}

TEST_CASE("rates page: whatever the backend or the request says is escaped") {
  auto m = model();
  m.provider = "<script>alert(1)</script>";
  m.conversion.amount = "\"><script>";
  m.chart.error = "<img src=x>";
  const auto page = render_rates_page(m);
  CHECK_THAT(page, !Catch::Contains("<script") && !Catch::Contains("<img"));
  CHECK_THAT(page, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_CASE("rates error page: titled after the status, the message escaped") {
  const auto page = render_rates_error_page(
      503, "The service behind this page is not answering right now. <Please> try again.");
  CHECK_THAT(page, Catch::StartsWith("<!doctype html>"));
  CHECK_THAT(page, Catch::Contains("<h1>Rates are unavailable right now</h1>"));
  CHECK_THAT(page, Catch::Contains("&lt;Please&gt;"));
  CHECK_THAT(page, Catch::Contains("href=\"/rates\""));
  CHECK_THAT(render_rates_error_page(400, "x"), Catch::Contains("<h1>Check the request</h1>"));
  CHECK_THAT(render_rates_error_page(404, "x"), Catch::Contains("<h1>No rates found</h1>"));
}
