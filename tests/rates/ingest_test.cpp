// The ingest path end to end (db-proxy and rates-ingestor as processes, the ECB CSV provider on a
// file that ends on a chosen day): the first start backfills the minimum window; a restart after a
// downtime spanning a weekend catches up the missing weekdays and publishes one rates.updated; the
// same date is never stored twice; a failing provider stores nothing and shows in health.

#include <catch2/catch.hpp>

#include "ecb_history.hpp"
#include "rates_stack.hpp"

using cambio::testing::ecb_file_until;
using cambio::testing::rates_stack;

namespace {

// The ECB dates in [from, to].
std::vector<std::string> ecb_dates(const std::string& from, const std::string& to) {
  static const auto table = cambio::testing::read_ecb_history(cambio::testing::ecb_history_csv());
  std::vector<std::string> out;
  for (auto it = table.lower_bound(from); it != table.end() && it->first <= to; ++it) {
    out.push_back(it->first);
  }
  return out;
}

}  // namespace

TEST_CASE("first start backfills the minimum, a restart after a weekend catches up once",
          "[rates][ingest]") {
  rates_stack stack;
  {
    ecb_file_until friday("2024-01-05");
    stack.start_ingestor(friday.path());
    REQUIRE(stack.wait_for_last_date("2024-01-05"));
  }
  // The newest set is stored first, the rest of the window after it; rates.updated comes at the
  // end of the run: wait for it before counting.
  REQUIRE(cambio::testing::eventually([&] { return stack.updates().size() == 1; }));
  // 31 calendar days up to Friday 2024-01-05: from 2023-12-06, without Christmas and New Year.
  const auto window = ecb_dates("2023-12-06", "2024-01-05");
  auto status = stack.call("rates.status", nlohmann::json::object());
  CHECK(status["days_held"] == window.size());
  CHECK(status["first_rate_date"] == window.front());
  CHECK(status["provider"] == "ecb-csv");
  CHECK(status["last_run"]["ok"] == true);
  CHECK(status["schedule"] == "0 9 * * 1-5");
  CHECK(stack.updates()[0]["date"] == "2024-01-05");
  CHECK(stack.updates()[0]["previous_date"].is_null());

  // Down over the weekend; back on Tuesday: Monday and Tuesday are fetched.
  stack.stop_ingestor();
  ecb_file_until tuesday("2024-01-09");
  stack.start_ingestor(tuesday.path());
  REQUIRE(stack.wait_for_last_date("2024-01-09"));
  REQUIRE(cambio::testing::eventually([&] { return stack.updates().size() == 2; }));
  status = stack.call("rates.status", nlohmann::json::object());
  CHECK(status["days_held"] == window.size() + 2);
  CHECK(stack.updates()[1]["date"] == "2024-01-09");
  CHECK(stack.updates()[1]["previous_date"] == "2024-01-05");

  // Ingesting what is held stores nothing and publishes nothing.
  const auto again = stack.call("rates.ingest", {{"date", "2024-01-08"}});
  CHECK(again["fetched"] == 1);
  CHECK(again["stored"].empty());
  CHECK(again["published"] == false);
  CHECK(stack.call("rates.ingest", {{"date", "latest"}})["stored"].empty());
  CHECK(stack.call("rates.status", nlohmann::json::object())["days_held"] == window.size() + 2);

  // A backfill stores older history without announcing it as new rates.
  const auto backfill = stack.call("rates.ingest", {{"from", "2023-11-01"}, {"to", "2023-11-30"}},
                                   std::chrono::seconds(30));
  CHECK(backfill["stored"].size() == ecb_dates("2023-11-01", "2023-11-30").size());
  CHECK(backfill["published"] == false);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(stack.updates().size() == 2);

  // Bad requests name the problem.
  CHECK_THROWS_WITH(stack.call("rates.ingest", {{"date", "2024-02-30"}}),
                    Catch::Contains("not a calendar date"));
  CHECK_THROWS_WITH(stack.call("rates.ingest", {{"from", "2024-02-01"}}),
                    Catch::Contains("give date, or from and to"));
}

TEST_CASE("a failing provider stores nothing, and health says so", "[rates][ingest]") {
  rates_stack stack;
  stack.start_ingestor("/nonexistent/eurofxref-hist.csv", {{"CAMBIO_RATES_RETRY_ATTEMPTS", "2"},
                                                           {"CAMBIO_RATES_RETRY_MIN_MS", "10"},
                                                           {"CAMBIO_RATES_RETRY_MAX_MS", "20"}});
  nlohmann::json health;
  REQUIRE(cambio::testing::eventually(
      [&] {
        try {
          health =
              stack.call("rates.health", nlohmann::json::object(), std::chrono::milliseconds(1000));
          return health["checks"]["provider"]["ok"] == false;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      std::chrono::seconds(30)));
  CHECK_THAT(health["checks"]["provider"]["detail"].get<std::string>(),
             Catch::Contains("/nonexistent/eurofxref-hist.csv"));
  const auto status = stack.call("rates.status", nlohmann::json::object());
  CHECK(status["days_held"] == 0);
  CHECK(status["last_run"]["ok"] == false);
  // Conversions say there is nothing yet rather than inventing a rate.
  CHECK_THROWS_WITH(stack.call("rates.convert", {{"from", "EUR"}, {"to", "USD"}, {"amount", "1"}}),
                    Catch::Contains("no rates held yet"));
}
