#include <catch2/catch.hpp>

#include "fake_fixer.hpp"
#include "provider_test_support.hpp"
#include "rates/providers/fixer.hpp"

namespace cambio::rates::testing {
namespace {

using namespace std::chrono;

constexpr const char* k_key = "fx-s3cr3t-key";

struct fixture {
  fake_provider_server server{fixer_routes(sample_days("EUR"), k_key)};
  fixer provider{{.base_url = server.url(), .access_key = k_key}};
};

TEST_CASE("fixer: latest is the newest set, with the key sent and the provider's date") {
  fixture f;
  const auto set = f.provider.latest(after(2s));
  CHECK(set.provider == "fixer");
  CHECK(set.base == "EUR");
  CHECK(set.date == 2024y / January / 8);
  CHECK(set.rates == sample_days("EUR").at(2024y / January / 8));
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/latest");
  CHECK(requests[0].param("access_key") == k_key);
}

TEST_CASE("fixer: historical asks /YYYY-MM-DD and keeps the date the provider answers with") {
  fixture f;
  CHECK(f.provider.on_date(2024y / January / 3, after(2s)).date == 2024y / January / 3);
  CHECK(f.provider.on_date(2024y / January / 1, after(2s)).date == 2023y / December / 29);
  CHECK(f.server.requests().at(1).path == "/2024-01-01");
}

TEST_CASE("fixer: range asks each weekday once, drops repeats and days outside the range") {
  fixture f;
  const auto sets = f.provider.range(2024y / January / 1, 2024y / January / 9, after(5s));
  // 1 Jan answers with 29 Dec (before the range); 9 Jan with 8 Jan (already there).
  std::vector<cambio::date> dates;
  for (const auto& s : sets) dates.push_back(s.date);
  CHECK(dates == std::vector<cambio::date>{2024y / January / 2, 2024y / January / 3,
                                           2024y / January / 4, 2024y / January / 5,
                                           2024y / January / 8});
  const auto days = sample_days("EUR");
  for (const auto& s : sets) CHECK(s.rates == days.at(s.date));
  std::vector<std::string> paths;
  for (const auto& r : f.server.requests()) paths.push_back(r.path);
  CHECK(paths == std::vector<std::string>{"/2024-01-01", "/2024-01-02", "/2024-01-03",
                                          "/2024-01-04", "/2024-01-05", "/2024-01-08",
                                          "/2024-01-09"});
}

TEST_CASE("fixer: a range before its data is empty (106 no_rates_available is skipped)") {
  fixture f;
  CHECK(f.provider.range(1998y / December / 1, 1998y / December / 3, after(2s)).empty());
  CHECK(f.server.requests().size() == 3);
}

TEST_CASE("fixer: HTTP-200 error bodies map by their code") {
  fixture f;
  const std::vector<std::tuple<int, std::string, provider_failure>> cases = {
      {101, "invalid_access_key", provider_failure::unauthorized},
      {102, "inactive_user", provider_failure::unauthorized},
      {104, "usage_limit_reached", provider_failure::rate_limited},
      {105, "base_currency_access_restricted", provider_failure::refused},
      {106, "no_rates_available", provider_failure::not_found},
      {302, "invalid_date", provider_failure::refused},
      {103, "invalid_api_function", provider_failure::bad_response},
  };
  for (const auto& [code, type, failure] : cases) {
    f.server.script(apilayer_error(code, type, "explained"));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == failure);
    // The code, type and info survive; the key does not reach the message.
    CHECK_THAT(e.what(),
               Catch::Contains("error " + std::to_string(code) + " " + type + ": explained"));
    CHECK_THAT(e.what(), !Catch::Contains(k_key) && Catch::Contains("access_key=***"));
  }
}

TEST_CASE("fixer: a missing or wrong key is unauthorized") {
  fake_provider_server server{fixer_routes(sample_days("EUR"), k_key)};
  SECTION("missing") {
    fixer provider({.base_url = server.url(), .access_key = ""});
    const auto e = error_of([&] { provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::unauthorized);
    CHECK_THAT(e.what(), Catch::Contains("missing_access_key"));
  }
  SECTION("wrong") {
    fixer provider({.base_url = server.url(), .access_key = "wrong&key"});
    const auto e = error_of([&] { provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::unauthorized);
    CHECK_THAT(e.what(), Catch::Contains("invalid_access_key"));
    CHECK(server.requests().at(0).param("access_key") == "wrong&key");  // escaped in the query
  }
}

TEST_CASE("fixer: HTTP failures map through the shared table") {
  fixture f;
  check_common_http_failures(f.server, [&] { f.provider.latest(after(2s)); });
}

TEST_CASE("fixer: partial data is kept, empty or non-numeric rates are bad responses") {
  fixture f;
  auto body = fixer_day_body(2024y / January / 8, {{"USD", 1.1}});
  SECTION("one currency") {
    f.server.script(json_reply(body));
    CHECK(f.provider.latest(after(2s)).rates == day_rates{{"USD", 1.1}});
  }
  SECTION("no rates") {
    body["rates"] = nlohmann::json::object();
    f.server.script(json_reply(body));
    CHECK(error_of([&] { f.provider.latest(after(2s)); }).failure() ==
          provider_failure::bad_response);
  }
  SECTION("a rate that is not a number") {
    body["rates"]["JPY"] = "N/A";
    f.server.script(json_reply(body));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains("JPY"));
  }
  SECTION("no date") {
    body.erase("date");
    f.server.script(json_reply(body));
    CHECK_THAT(error_of([&] { f.provider.latest(after(2s)); }).what(),
               Catch::Contains("'date' is missing"));
  }
  SECTION("success:false without an error object") {
    f.server.script(json_reply({{"success", false}}));
    CHECK(error_of([&] { f.provider.latest(after(2s)); }).failure() ==
          provider_failure::bad_response);
  }
}

TEST_CASE("fixer: a provider that does not answer fails at the deadline") {
  fixture f;
  check_timeout(f.server, [&](deadline until) { f.provider.latest(until); });
}

}  // namespace
}  // namespace cambio::rates::testing
