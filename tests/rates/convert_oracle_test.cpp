// Oracle: the whole ECB history goes through the real ingest path (rates.ingest into PostgreSQL
// via db-proxy), then 1,000 random (date, from, to, amount) conversions through rates.convert agree
// with the CSV's own cross rates to 1e-9 relative; a weekend or holiday answers with the previous
// working day's rates and says so.

#include <random>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/currency.hpp"
#include "cambio/iso_date.hpp"
#include "ecb_history.hpp"
#include "rates_stack.hpp"

TEST_CASE("1,000 random conversions agree with the ECB file's cross rates", "[rates][oracle]") {
  const auto csv = cambio::testing::ecb_history_csv();
  const auto table = cambio::testing::read_ecb_history(csv);
  cambio::testing::rates_stack stack;
  stack.start_ingestor(csv);
  REQUIRE(stack.wait_for_last_date(table.rbegin()->first));
  const auto ingest =
      stack.call("rates.ingest", {{"from", table.begin()->first}, {"to", table.rbegin()->first}},
                 std::chrono::seconds(120));
  CHECK(stack.call("rates.status", nlohmann::json::object())["days_held"] == table.size());
  INFO("ingest stored " << ingest["stored"].size() << " sets");

  const auto seed = 20261122u;
  INFO("seed " << seed);
  std::mt19937 random(seed);
  const auto first = *cambio::parse_iso_date(table.begin()->first);
  const auto span = cambio::days_between(first, *cambio::parse_iso_date(table.rbegin()->first));
  const auto& schemas = cambio::contracts::schema_catalog::embedded();
  int substituted = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto date = cambio::to_iso(
        cambio::add_days(first, std::uniform_int_distribution<int>(0, span)(random)));
    // The set the answer must use: the newest on or before the date.
    const auto set = std::prev(table.upper_bound(date));
    std::vector<std::string> codes{"EUR"};
    for (const auto& [code, rate] : set->second) {
      if (cambio::currency::is_active(code)) codes.push_back(code);
    }
    std::uniform_int_distribution<std::size_t> pick(0, codes.size() - 1);
    const auto from = codes[pick(random)];
    const auto to = codes[pick(random)];
    const auto amount = std::uniform_int_distribution<int>(1, 10'000'000)(random) / 100.0;
    const auto r = [&](const std::string& c) { return c == "EUR" ? 1.0 : set->second.at(c); };
    const double expected = r(to) / r(from);

    const auto reply = stack.call("rates.convert",
                                  {{"from", from}, {"to", to}, {"amount", amount}, {"date", date}});
    INFO(date << " " << from << "→" << to << " " << amount << ": " << reply.dump());
    REQUIRE(schemas.violations("rates.convert.reply", reply).empty());
    CHECK(reply["date"] == set->first);
    CHECK(std::abs(reply["rate"].get<double>() / expected - 1) <= 1e-9);
    const double result = std::stod(reply["result"].get<std::string>());
    const double unit = std::pow(10.0, -cambio::currency::find(to)->minor_units);
    CHECK(std::abs(result - amount * expected) <= unit / 2 + std::abs(amount * expected) * 1e-12);
    if (set->first != date) {
      ++substituted;
      CHECK(reply["requested_date"] == date);
      CHECK_THAT(reply["note"].get<std::string>(), Catch::Contains(set->first));
    } else {
      CHECK(!reply.contains("requested_date"));
    }
  }
  CHECK(substituted > 200);  // about 2/7 of random days are weekends
}

TEST_CASE("conversions refuse what they cannot answer, naming it", "[rates][oracle]") {
  cambio::testing::ecb_file_until file("2024-01-09");
  cambio::testing::rates_stack stack;
  stack.start_ingestor(file.path());
  REQUIRE(stack.wait_for_last_date("2024-01-09"));
  const auto error_of = [&](const nlohmann::json& params) -> std::pair<std::string, std::string> {
    try {
      stack.call("rates.convert", params);
    } catch (const rmqrpc::error& e) {
      return {std::string(rmqrpc::to_string(e.code())), e.what()};
    }
    return {"ok", ""};
  };
  using pair = std::pair<std::string, std::string>;
  CHECK(error_of({{"from", "EUR"}, {"to", "XYZ"}, {"amount", "1"}}) ==
        pair{"invalid_argument", "to: unknown currency 'XYZ'"});
  CHECK(error_of({{"from", "HRK"}, {"to", "EUR"}, {"amount", "1"}}) ==
        pair{"invalid_argument", "from: HRK is retired (replaced by EUR on 2023-01-01)"});
  CHECK(error_of({{"from", "EUR"}, {"to", "USD"}, {"amount", "1"}, {"date", "2023-11-01"}}).first ==
        "not_found");  // before the 31 days held
  CHECK(error_of({{"from", "EUR"}, {"to", "AED"}, {"amount", "1"}}).first == "not_found");
  CHECK(error_of({{"from", "EUR"}, {"to", "USD"}, {"amount", "1"}, {"date", "2999-01-01"}}) ==
        pair{"invalid_argument", "date: 2999-01-01 is in the future"});
  CHECK(error_of({{"from", "EUR"}, {"to", "USD"}, {"amount", "ten"}}).first == "invalid_argument");
  // The current rates come from the cache: answered without a database round trip.
  const auto latest =
      stack.call("rates.convert", {{"from", "EUR"}, {"to", "USD"}, {"amount", "10"}});
  CHECK(latest["date"] == "2024-01-09");
  CHECK(latest["result"] == "10.94");  // ECB 2024-01-09: USD 1.0940
}
