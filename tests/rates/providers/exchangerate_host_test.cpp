#include <catch2/catch.hpp>

#include "fake_exchangerate_host.hpp"
#include "provider_test_support.hpp"
#include "rates/providers/exchangerate_host.hpp"

namespace cambio::rates::testing {
namespace {

using namespace std::chrono;

constexpr const char* k_key = "erh-s3cr3t-key";

struct fixture {
  fake_provider_server server{exchangerate_host_routes(sample_days("USD"), k_key)};
  exchangerate_host provider{{.base_url = server.url(), .access_key = k_key}};
};

std::vector<cambio::date> dates_of(const std::vector<rate_set>& sets) {
  std::vector<cambio::date> out;
  for (const auto& s : sets) out.push_back(s.date);
  return out;
}

TEST_CASE("exchangerate.host: /live quotes lose their source prefix, the date is the timestamp's") {
  fixture f;
  const auto set = f.provider.latest(after(2s));
  CHECK(set.provider == "exchangerate.host");
  CHECK(set.base == "USD");
  CHECK(set.date == 2024y / January / 8);
  CHECK(set.rates == sample_days("USD").at(2024y / January / 8));  // "EUR", not "USDEUR"
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/live");
  CHECK(requests[0].param("access_key") == k_key);
}

TEST_CASE("exchangerate.host: historical asks ?date= and keeps the date it answers with") {
  fixture f;
  CHECK(f.provider.on_date(2024y / January / 7, after(2s)).date == 2024y / January / 5);
  const auto r = f.server.requests().at(0);
  CHECK(r.path == "/historical");
  CHECK(r.param("date") == "2024-01-07");
  CHECK(r.param("access_key") == k_key);
}

TEST_CASE("exchangerate.host: range is one /timeframe request per 365 days") {
  fixture f;
  SECTION("a short range: one request") {
    const auto sets = f.provider.range(2024y / January / 1, 2024y / January / 7, after(2s));
    CHECK(dates_of(sets) == std::vector<cambio::date>{2024y / January / 2, 2024y / January / 3,
                                                      2024y / January / 4, 2024y / January / 5});
    const auto days = sample_days("USD");
    for (const auto& s : sets) CHECK(s.rates == days.at(s.date));
    const auto requests = f.server.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].path == "/timeframe");
    CHECK(requests[0].param("start_date") == "2024-01-01");
    CHECK(requests[0].param("end_date") == "2024-01-07");
  }
  SECTION("400 days: split in two, each within the limit, the sets in order") {
    const auto sets = f.provider.range(2023y / June / 1, 2024y / July / 4, after(2s));
    CHECK(dates_of(sets).size() == 6);
    CHECK(sets.front().date == 2023y / December / 29);
    CHECK(sets.back().date == 2024y / January / 8);
    const auto requests = f.server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].param("start_date") == "2023-06-01");
    CHECK(requests[0].param("end_date") == "2024-05-30");  // 365 days
    CHECK(requests[1].param("start_date") == "2024-05-31");
    CHECK(requests[1].param("end_date") == "2024-07-04");
  }
}

TEST_CASE("exchangerate.host: HTTP-200 error bodies map by their code") {
  fixture f;
  const std::vector<std::tuple<int, std::string, provider_failure>> cases = {
      {101, "invalid_access_key", provider_failure::unauthorized},
      {104, "usage_limit_reached", provider_failure::rate_limited},
      {105, "function_access_restricted", provider_failure::refused},
      {106, "no_rates_available", provider_failure::not_found},
      {505, "invalid_time_frame", provider_failure::bad_response},
  };
  for (const auto& [code, type, failure] : cases) {
    f.server.script(apilayer_error(code, type, "explained"));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == failure);
    CHECK_THAT(e.what(), Catch::Contains("error " + std::to_string(code) + " " + type));
    CHECK_THAT(e.what(), !Catch::Contains(k_key));
  }
}

TEST_CASE("exchangerate.host: a missing key is unauthorized") {
  fake_provider_server server{exchangerate_host_routes(sample_days("USD"), k_key)};
  exchangerate_host provider({.base_url = server.url(), .access_key = ""});
  const auto e =
      error_of([&] { provider.range(2024y / January / 1, 2024y / January / 7, after(2s)); });
  CHECK(e.failure() == provider_failure::unauthorized);
  CHECK_THAT(e.what(), Catch::Contains("missing_access_key"));
}

TEST_CASE("exchangerate.host: quotes must be keyed by the source") {
  fixture f;
  auto body = exchangerate_host_live_body(2024y / January / 8, {{"EUR", 0.91}});
  SECTION("a key of another source is a bad response") {
    body["quotes"]["EURJPY"] = 160.1;
    f.server.script(json_reply(body));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains("EURJPY"));
  }
  SECTION("the source against itself is dropped") {
    body["quotes"]["USDUSD"] = 1;
    f.server.script(json_reply(body));
    CHECK(f.provider.latest(after(2s)).rates == day_rates{{"EUR", 0.91}});
  }
  SECTION("a bare source key is a bad response") {
    body["quotes"]["USD"] = 1;
    f.server.script(json_reply(body));
    CHECK(error_of([&] { f.provider.latest(after(2s)); }).failure() ==
          provider_failure::bad_response);
  }
  SECTION("no quotes, or no source") {
    body.erase(GENERATE(as<std::string>{}, "quotes", "source"));
    f.server.script(json_reply(body));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains("is missing"));
  }
  SECTION("a non-numeric quote") {
    body["quotes"]["USDEUR"] = true;
    f.server.script(json_reply(body));
    CHECK(error_of([&] { f.provider.latest(after(2s)); }).failure() ==
          provider_failure::bad_response);
  }
}

TEST_CASE("exchangerate.host: HTTP failures map through the shared table") {
  fixture f;
  check_common_http_failures(f.server, [&] { f.provider.latest(after(2s)); });
}

TEST_CASE("exchangerate.host: a provider that does not answer fails at the deadline") {
  fixture f;
  check_timeout(f.server, [&](deadline until) {
    f.provider.range(2024y / January / 1, 2024y / January / 7, until);
  });
}

}  // namespace
}  // namespace cambio::rates::testing
