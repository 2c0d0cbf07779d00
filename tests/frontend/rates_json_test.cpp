#include <catch2/catch.hpp>

#include "rates/cache_policy.hpp"
#include "rates/rates_json.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::frontend;

namespace {

amount times(const char* text, double value) { return {text, value}; }

nlohmann::json history_reply(nlohmann::json points) {
  return {{"provider", "ecb-csv"},       {"base", "EUR"},
          {"from", "2024-01-01"},        {"to", "2024-01-31"},
          {"points", std::move(points)}, {"offline", true}};
}

}  // namespace

TEST_CASE("rates are rounded to 5 significant digits, as Frankfurter does") {
  CHECK(round_rate(1.0956) == 1.0956);
  CHECK(round_rate(0.855871) == 0.85587);
  CHECK(round_rate(8.558712) == 8.5587);
  CHECK(round_rate(20082.05) == 20082);
  CHECK(round_rate(200820.5) == 200820);
  CHECK(round_rate(0.000123456) == 0.00012346);
}

TEST_CASE("latest in Frankfurter's shape: rates times the amount") {
  const nlohmann::json reply = {{"provider", "ecb-csv"},
                                {"base", "USD"},
                                {"date", "2026-04-13"},
                                {"rates", {{"EUR", 1 / 1.1684}, {"GBP", 0.87058 / 1.1684}}},
                                {"offline", true}};
  const auto body = frankfurter_rates(reply, times("10", 10));
  CHECK(body == nlohmann::json{{"amount", 10.0},
                               {"base", "USD"},
                               {"date", "2026-04-13"},
                               {"rates", {{"EUR", 8.5587}, {"GBP", 7.451}}},
                               {"provider", "ecb-csv"},
                               {"offline", true}});
  CHECK(body.dump().find("\"amount\":10.0") != std::string::npos);
  CHECK(frankfurter_rates(reply, {})["rates"]["EUR"] == 0.85587);
}

TEST_CASE("a range: chunks merged per date, dates ascending, first and last rate dates") {
  const auto a = history_reply({{{"date", "2024-01-02"}, {"rates", {{"USD", 1.0956}}}},
                                {{"date", "2024-01-03"}, {"rates", {{"USD", 1.0919}}}}});
  const auto b = history_reply({{{"date", "2024-01-02"}, {"rates", {{"JPY", 155.66}}}},
                                {{"date", "2024-01-03"}, {"rates", {{"JPY", 155.48}}}}});
  const auto body = frankfurter_range({a, b}, times("2", 2));
  CHECK(body["amount"] == 2.0);
  CHECK(body["base"] == "EUR");
  CHECK(body["start_date"] == "2024-01-02");
  CHECK(body["end_date"] == "2024-01-03");
  CHECK(body["provider"] == "ecb-csv");
  CHECK(body["offline"] == true);
  CHECK(body["rates"] == nlohmann::json{{"2024-01-02", {{"USD", 2.1912}, {"JPY", 311.32}}},
                                        {"2024-01-03", {{"USD", 2.1838}, {"JPY", 310.96}}}});
  // Dates come out ascending.
  const auto text = body.dump();
  CHECK(text.find("\"2024-01-02\":{") < text.find("\"2024-01-03\":{"));
}

TEST_CASE("a range with no set in it is not_found") {
  try {
    frankfurter_range({history_reply(nlohmann::json::array())}, {});
    FAIL("no error");
  } catch (const rmqrpc::error& e) {
    CHECK(e.code() == rmqrpc::errc::not_found);
    CHECK(std::string(e.what()) == "no rates between 2024-01-01 and 2024-01-31");
  }
}

TEST_CASE("cache policy: the newest set a minute, a settled past a day") {
  const auto today = *cambio::parse_iso_date("2026-11-22");
  CHECK(rates_cache_control(std::nullopt, today) == "public, max-age=60");
  CHECK(rates_cache_control(*cambio::parse_iso_date("2026-11-20"), today) == "public, max-age=60");
  CHECK(rates_cache_control(*cambio::parse_iso_date("2024-01-05"), today) ==
        "public, max-age=86400");
}
