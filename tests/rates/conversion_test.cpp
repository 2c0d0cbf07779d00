// Conversion arithmetic, the storage filter, the BTC quote and the currency catalog.

#include <catch2/catch.hpp>

#include "cambio/currency.hpp"
#include "rates/btc_quote.hpp"
#include "rates/conversion.hpp"
#include "rates/rate_filter.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::rates;
using namespace std::chrono;

namespace {

cambio::date ymd(int y, unsigned m, unsigned d) {
  return cambio::date{year{y}, month{m}, std::chrono::day{d}};
}

rate_set ecb_2024_01_05() {
  return {"ecb-csv", ymd(2024, 1, 5), "EUR", {{"USD", 1.0921}, {"JPY", 158.35}, {"GBP", 0.86255}}};
}

rmqrpc::errc code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    return e.code();
  }
  return rmqrpc::errc::internal;
}

}  // namespace

TEST_CASE("cross rates: A→B = r(B)/r(A) on one set, the base counting 1", "[conversion]") {
  const auto set = ecb_2024_01_05();
  CHECK(cross_rate(set, "EUR", "USD") == 1.0921);
  CHECK(cross_rate(set, "USD", "EUR") == Approx(1 / 1.0921).epsilon(1e-15));
  CHECK(cross_rate(set, "USD", "JPY") == Approx(158.35 / 1.0921).epsilon(1e-15));
  CHECK(cross_rate(set, "GBP", "GBP") == 1.0);
  CHECK(code_of([&] { cross_rate(set, "USD", "AED"); }) == rmqrpc::errc::not_found);
}

TEST_CASE("amounts: decimal strings or numbers in, minor units out", "[conversion]") {
  CHECK(parse_amount("12.50") == 12.5);
  CHECK(parse_amount(7) == 7.0);
  CHECK(parse_amount("0") == 0.0);
  for (const nlohmann::json& bad :
       {nlohmann::json("-1"), nlohmann::json("1e3"), nlohmann::json("12,5"), nlohmann::json(""),
        nlohmann::json(-2.0), nlohmann::json(true), nlohmann::json("2e15"), nlohmann::json(1e16)}) {
    INFO(bad.dump());
    CHECK(code_of([&] { parse_amount(bad); }) == rmqrpc::errc::invalid_argument);
  }
  CHECK(format_amount(10.785, 2) == "10.79");
  CHECK(format_amount(15983.396, 0) == "15983");
  CHECK(format_amount(1.23456, 3) == "1.235");
  CHECK(format_amount(0.125, 2) == "0.13");  // half away from zero (0.125 is exact in binary)
  CHECK(format_amount(2.5, 0) == "3");
  CHECK(minor_units_of("JPY") == 0);
  CHECK(minor_units_of("KWD") == 3);
  CHECK(minor_units_of("BTC") == 8);
}

TEST_CASE("currency codes: unknown and retired ones are refused, naming them", "[currency]") {
  CHECK(cambio::currency::is_active("EUR"));
  CHECK(cambio::currency::find("HRK") != nullptr);
  CHECK(!cambio::currency::is_active("HRK"));
  CHECK(cambio::currency::problem("HRK") == "HRK is retired (replaced by EUR on 2023-01-01)");
  CHECK(cambio::currency::problem("EUX") == "unknown currency 'EUX'");
  CHECK(cambio::currency::problem("eur") == "unknown currency 'eur'");
  CHECK(!cambio::currency::problem("BTC"));
  CHECK_THROWS_WITH(require_active_currency("from", "BGN"),
                    "from: BGN is retired (replaced by EUR on 2026-01-01)");
  // The table is sorted (find() relies on it) and every code is three upper-case letters.
  const auto& all = cambio::currency::all();
  CHECK(std::is_sorted(all.begin(), all.end(),
                       [](const auto& a, const auto& b) { return a.code < b.code; }));
  for (const auto& c : all) {
    INFO(c.code);
    CHECK(c.code.size() == 3);
    CHECK((c.minor_units >= 0 && c.minor_units <= 8));
    CHECK(c.active() == c.replaced_by.empty());
  }
  CHECK(cambio::currency::active().size() > 150);
}

TEST_CASE("only weekday sets and catalog currencies are stored", "[conversion]") {
  auto weekday = ecb_2024_01_05();
  weekday.rates["XAU"] = 0.0005;  // not money a user holds
  weekday.rates["CYP"] = 0.5853;  // retired, but history
  rate_set saturday{"openexchangerates", ymd(2024, 1, 6), "USD", {{"EUR", 0.91}}};
  rate_set unknown_base{"x", ymd(2024, 1, 4), "XXX", {{"EUR", 1.0}}};
  const auto out = filter_for_storage({weekday, saturday, unknown_base});
  REQUIRE(out.sets.size() == 1);
  CHECK(out.sets[0].rates.count("XAU") == 0);
  CHECK(out.sets[0].rates.count("CYP") == 1);
  CHECK(out.weekend_sets == std::vector<cambio::date>{ymd(2024, 1, 6)});
  CHECK(out.unknown_codes == std::set<std::string>{"XAU", "XXX"});
}

TEST_CASE("rates.btc: a fresh price in any currency through USD, a stale one is unavailable",
          "[btc]") {
  const auto now = system_clock::now();
  const btc::price_tick tick{43000.0, now - seconds(5), "ws"};
  const auto fiat = ecb_2024_01_05();
  const auto eur = btc_quote(tick, now, seconds(60), &fiat, "EUR");
  CHECK(eur["price"].get<double>() == Approx(43000.0 / 1.0921).epsilon(1e-12));
  CHECK(eur["rate_date"] == "2024-01-05");
  CHECK(eur["source"] == "ws");
  CHECK(eur["age_ms"].get<long>() >= 5000);
  CHECK(btc_quote(tick, now, seconds(60), nullptr, "USD")["price"] == 43000.0);

  CHECK(code_of([&] { btc_quote(tick, now + seconds(61), seconds(60), &fiat, "EUR"); }) ==
        rmqrpc::errc::unavailable);
  CHECK(code_of([&] { btc_quote(std::nullopt, now, seconds(60), &fiat, "EUR"); }) ==
        rmqrpc::errc::unavailable);
  CHECK(code_of([&] { btc_quote(tick, now, seconds(60), &fiat, "XYZ"); }) ==
        rmqrpc::errc::invalid_argument);
  CHECK(code_of([&] { btc_quote(tick, now, seconds(60), &fiat, "AED"); }) ==
        rmqrpc::errc::not_found);
  CHECK(utc_text(system_clock::time_point{} + milliseconds(1763802000125)) ==
        "2025-11-22T09:00:00.125Z");
}
