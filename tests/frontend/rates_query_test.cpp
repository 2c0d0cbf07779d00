#include <catch2/catch.hpp>

#include "rates/rates_query.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::frontend;
using cambio::parse_iso_date;

namespace {

cambio::date day(const char* text) { return *parse_iso_date(text); }

// The message of the invalid_argument error `fn` throws ("" if it throws none).
template <typename Fn>
std::string rejection(Fn fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    if (e.code() == rmqrpc::errc::invalid_argument) return e.what();
    return std::string("wrong code: ") + std::string(rmqrpc::to_string(e.code()));
  }
  return "";
}

}  // namespace

TEST_CASE("currency codes: case-insensitive, known and active") {
  CHECK(parse_currency("base", "usd") == "USD");
  CHECK(parse_currency("base", " EUR ") == "EUR");
  CHECK_THAT(rejection([] { parse_currency("base", "XYZ"); }),
             Catch::Contains("base") && Catch::Contains("XYZ"));
  CHECK_THAT(rejection([] { parse_currency("base", "HRK"); }),
             Catch::Contains("base: HRK is retired"));
  CHECK_THAT(rejection([] { parse_currency("base", "EURO"); }),
             Catch::Contains("is not a currency code"));
  CHECK_THAT(rejection([] { parse_currency("base", "E1R"); }),
             Catch::Contains("is not a currency code"));
}

TEST_CASE("symbols lists: comma-separated, upper-cased, repeats dropped, order kept") {
  CHECK(parse_symbols("symbols", "EUR,gbp, JPY") == std::vector<std::string>{"EUR", "GBP", "JPY"});
  CHECK(parse_symbols("symbols", "EUR,EUR,USD") == std::vector<std::string>{"EUR", "USD"});
  CHECK(parse_symbols("symbols", "CHF") == std::vector<std::string>{"CHF"});
  CHECK_THAT(rejection([] { parse_symbols("symbols", "EUR,,USD"); }),
             Catch::Contains("symbols: an empty currency code"));
  CHECK_THAT(rejection([] { parse_symbols("symbols", "EUR,"); }), Catch::Contains("empty"));
  CHECK_THAT(rejection([] { parse_symbols("symbols", "EUR,XXQ"); }),
             Catch::Contains("symbols") && Catch::Contains("XXQ"));
}

TEST_CASE("amounts: positive decimals") {
  CHECK(parse_amount("10").value == 10.0);
  CHECK(parse_amount("10").text == "10");
  CHECK(parse_amount("12.50").value == 12.5);
  CHECK(parse_amount("12.50").text == "12.50");
  CHECK(parse_amount("0.001").value == Approx(0.001));
  for (const char* bad : {"", "abc", "-1", "1e5", "1.", ".5", "1,5", "12345678901234567"}) {
    CAPTURE(bad);
    CHECK_THAT(rejection([&] { parse_amount(bad); }), Catch::StartsWith("amount: "));
  }
  CHECK_THAT(rejection([] { parse_amount("0"); }), Catch::Contains("more than zero"));
  CHECK_THAT(rejection([] { parse_amount("0.00"); }), Catch::Contains("more than zero"));
}

TEST_CASE("dates and ranges in the path") {
  const auto today = day("2026-11-22");
  auto one = parse_rates_path("2024-01-05", today);
  CHECK_FALSE(one.is_range());
  CHECK(one.from == day("2024-01-05"));

  auto range = parse_rates_path("2024-01-01..2024-01-31", today);
  REQUIRE(range.is_range());
  CHECK(range.from == day("2024-01-01"));
  CHECK(*range.to == day("2024-01-31"));

  auto open = parse_rates_path("2024-01-01..", today);
  REQUIRE(open.is_range());
  CHECK(*open.to == today);

  CHECK(parse_rates_path("2024-01-05..2024-01-05", today).is_range());
  CHECK_THAT(rejection([&] { parse_rates_path("2024-02-30", today); }),
             Catch::Contains("'2024-02-30'"));
  CHECK_THAT(rejection([&] { parse_rates_path("yesterday", today); }),
             Catch::Contains("is not latest, a date"));
  CHECK_THAT(rejection([&] { parse_rates_path("2024-01-31..2024-01-01", today); }),
             Catch::Contains("range: the end 2024-01-01 is before the start 2024-01-31"));
  CHECK_THAT(rejection([&] { parse_rates_path("..2024-01-01", today); }),
             Catch::Contains("no start date"));
  CHECK_THAT(rejection([&] { parse_rates_path("2024-01-01...", today); }),
             Catch::Contains("range end"));
  CHECK_THAT(rejection([&] { parse_rates_path("2024-1-1..2024-01-31", today); }),
             Catch::Contains("range start"));
}

TEST_CASE("latest and dated requests: base, symbols, amount and Frankfurter's aliases") {
  const auto r = parse_rates_request({{"base", "usd"}, {"symbols", "EUR,GBP"}, {"amount", "10"}},
                                     day("2024-01-05"));
  CHECK(*r.base == "USD");
  CHECK(r.symbols == std::vector<std::string>{"EUR", "GBP"});
  CHECK(r.amount.value == 10.0);
  CHECK(latest_params(r) ==
        nlohmann::json{{"base", "USD"}, {"symbols", {"EUR", "GBP"}}, {"date", "2024-01-05"}});

  const auto defaults = parse_rates_request({});
  CHECK_FALSE(defaults.base);
  CHECK(defaults.symbols.empty());
  CHECK(defaults.amount.value == 1.0);
  CHECK(latest_params(defaults) == nlohmann::json::object());

  // Empty values count as absent; from/to are Frankfurter's newer names for base/symbols.
  CHECK(latest_params(parse_rates_request({{"base", ""}, {"symbols", ""}})) ==
        nlohmann::json::object());
  const auto aliased = parse_rates_request({{"from", "GBP"}, {"to", "JPY"}});
  CHECK(*aliased.base == "GBP");
  CHECK(aliased.symbols == std::vector<std::string>{"JPY"});

  CHECK_THAT(rejection([] {
               parse_rates_request({{"base", "ABC"}});
             }),
             Catch::StartsWith("base: "));
  CHECK_THAT(rejection([] {
               parse_rates_request({{"amount", "ten"}});
             }),
             Catch::StartsWith("amount: "));
}

TEST_CASE("a range's history is asked for in chunks of at most 50 currencies") {
  std::vector<std::string> symbols;
  for (char a = 'A'; a <= 'C'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) symbols.push_back(std::string{'X', a, b});
  }
  REQUIRE(symbols.size() == 78);
  const auto calls = history_params("EUR", symbols, day("2024-01-01"), day("2024-01-31"));
  REQUIRE(calls.size() == 2);
  CHECK(calls[0]["symbols"].size() == 50);
  CHECK(calls[1]["symbols"].size() == 28);
  CHECK(calls[1]["symbols"][0] == symbols[50]);
  CHECK(calls[0]["base"] == "EUR");
  CHECK(calls[0]["from"] == "2024-01-01");
  CHECK(calls[1]["to"] == "2024-01-31");
  CHECK(history_params("EUR", {"USD"}, day("2024-01-01"), day("2024-01-02")).size() == 1);
  CHECK(history_params("EUR", {}, day("2024-01-01"), day("2024-01-02")).empty());

  const auto r = parse_range_request({{"base", "EUR"}, {"symbols", "USD"}}, day("2024-01-01"),
                                     day("2024-01-31"));
  CHECK(*r.base == "EUR");
  CHECK(r.from == day("2024-01-01"));
  CHECK(r.to == day("2024-01-31"));
}

TEST_CASE("conversions: from and to required, amount kept as its decimal text") {
  const auto r = parse_convert_request(
      {{"from", "usd"}, {"to", "JPY"}, {"amount", "100.50"}, {"date", "2024-01-05"}});
  CHECK(
      convert_params(r) ==
      nlohmann::json{{"from", "USD"}, {"to", "JPY"}, {"amount", "100.50"}, {"date", "2024-01-05"}});
  CHECK(convert_params(parse_convert_request({{"from", "USD"}, {"to", "JPY"}})) ==
        nlohmann::json{{"from", "USD"}, {"to", "JPY"}, {"amount", "1"}});
  CHECK_THAT(rejection([] {
               parse_convert_request({{"to", "JPY"}});
             }),
             Catch::StartsWith("from: missing"));
  CHECK_THAT(rejection([] {
               parse_convert_request({{"from", "USD"}});
             }),
             Catch::StartsWith("to: missing"));
  CHECK_THAT(rejection([] {
               parse_convert_request({{"from", "USD"}, {"to", "HRK"}});
             }),
             Catch::Contains("HRK is retired"));
  CHECK_THAT(rejection([] {
               parse_convert_request({{"from", "USD"}, {"to", "JPY"}, {"date", "2024-13-01"}});
             }),
             Catch::StartsWith("date: '2024-13-01' is not a calendar date"));
}

TEST_CASE("the BTC price: currency defaults to USD") {
  CHECK(btc_params({}) == nlohmann::json{{"currency", "USD"}});
  CHECK(btc_params({{"currency", "eur"}}) == nlohmann::json{{"currency", "EUR"}});
  CHECK_THAT(rejection([] { btc_params({{"currency", "QQQ"}}); }), Catch::StartsWith("currency: "));
}

TEST_CASE("the rates page's parameters") {
  const auto q = parse_rates_page_query({{"base", "usd"}, {"chart", "EUR-GBP"}, {"days", "90"}});
  CHECK(*q.base == "USD");
  CHECK(q.chart->base == "EUR");
  CHECK(q.chart->quote == "GBP");
  CHECK(q.days == 90);
  CHECK_FALSE(q.conversion);
  CHECK(q.conversion_error.empty());

  CHECK(parse_pair("chart", "eur/usd").quote == "USD");
  CHECK(parse_pair("chart", "EURUSD").base == "EUR");
  CHECK_THAT(rejection([] { parse_pair("chart", "EUR"); }), Catch::Contains("not a currency pair"));
  CHECK_THAT(rejection([] {
               parse_rates_page_query({{"days", "0"}});
             }),
             Catch::StartsWith("days: "));
  CHECK_THAT(rejection([] {
               parse_rates_page_query({{"days", "3x"}});
             }),
             Catch::StartsWith("days: "));
  CHECK_THAT(rejection([] {
               parse_rates_page_query({{"chart", "EUR-XYZ"}});
             }),
             Catch::StartsWith("chart: "));

  const auto converting =
      parse_rates_page_query({{"from", "USD"}, {"to", "JPY"}, {"amount", "100"}});
  REQUIRE(converting.conversion);
  CHECK(converting.conversion->to == "JPY");

  // A bad conversion does not lose the page: it is kept to show beside the form.
  const auto bad = parse_rates_page_query({{"from", "USD"}, {"to", "JPY"}, {"amount", "lots"}});
  CHECK_FALSE(bad.conversion);
  CHECK_THAT(bad.conversion_error, Catch::StartsWith("amount: "));
  CHECK(bad.amount == "lots");

  CHECK(default_chart("EUR").quote == "USD");
  CHECK(default_chart("USD").quote == "EUR");
}
