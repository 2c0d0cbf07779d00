// cambioctl rates: the progress bar and the status text.

#include <catch2/catch.hpp>

#include "cambioctl/rates_command.hpp"

using namespace cambio::cambioctl;

TEST_CASE("the backfill progress bar", "[cambioctl][rates]") {
  CHECK(progress_bar(0, 4, 8) == "[--------] 0/4 0%");
  CHECK(progress_bar(1, 4, 8) == "[##------] 1/4 25%");
  CHECK(progress_bar(4, 4, 8) == "[########] 4/4 100%");
  CHECK(progress_bar(0, 0, 4) == "[####] 0/0 100%");
}

TEST_CASE("rates status for people: provider, last run, last date, next run, days held",
          "[cambioctl][rates]") {
  nlohmann::json status = {{"provider", "ecb-csv"},
                           {"offline", true},
                           {"schedule", "0 9 * * 1-5"},
                           {"time_zone", "Europe/Berlin"},
                           {"next_run", "2026-11-23T08:00:00.000Z"},
                           {"last_run",
                            {{"at", "2026-11-20T08:00:01.200Z"},
                             {"kind", "sync"},
                             {"ok", false},
                             {"stored", 0},
                             {"error", "unavailable: timeout"}}},
                           {"days_held", 23},
                           {"first_rate_date", "2026-10-22"},
                           {"last_rate_date", "2026-11-20"},
                           {"last_stored_at", nullptr},
                           {"min_days", 31}};
  const auto text = rates_status_text(status);
  CHECK_THAT(text, Catch::Contains("provider        ecb-csv  (OFFLINE DATA)"));
  CHECK_THAT(text, Catch::Contains("FAILED: unavailable: timeout"));
  CHECK_THAT(text, Catch::Contains("last rate date  2026-11-20"));
  CHECK_THAT(text, Catch::Contains("next run        2026-11-23T08:00:00.000Z"));
  CHECK_THAT(text, Catch::Contains("days held       23 (from 2026-10-22"));
  status["last_run"] = nullptr;
  CHECK_THAT(rates_status_text(status), Catch::Contains("none since the service started"));
}
