#include <catch2/catch.hpp>

#include "fake_openexchangerates.hpp"
#include "provider_test_support.hpp"
#include "rates/providers/openexchangerates.hpp"

namespace cambio::rates::testing {
namespace {

using namespace std::chrono;

constexpr const char* k_app_id = "oxr-s3cr3t-id";

struct fixture {
  fake_provider_server server{openexchangerates_routes(sample_days("USD"), k_app_id)};
  openexchangerates provider{{.base_url = server.url(), .app_id = k_app_id}};
};

TEST_CASE("openexchangerates: latest is dated by the UTC day of its timestamp") {
  fixture f;
  const auto set = f.provider.latest(after(2s));
  CHECK(set.provider == "openexchangerates");
  CHECK(set.base == "USD");
  CHECK(set.date == 2024y / January / 8);
  CHECK(set.rates == sample_days("USD").at(2024y / January / 8));
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/latest.json");
  CHECK(requests[0].param("app_id") == k_app_id);
}

TEST_CASE("openexchangerates: the rate date is the timestamp's UTC day, whatever the hour") {
  fixture f;
  auto body = openexchangerates_day_body(2024y / January / 8, {{"EUR", 0.91}});
  const auto midnight = afternoon_timestamp(2024y / January / 8) - 16 * 3600;
  SECTION("the last second of the day") {
    body["timestamp"] = midnight + 86'399;
    f.server.script(json_reply(body));
    CHECK(f.provider.latest(after(2s)).date == 2024y / January / 8);
  }
  SECTION("the first second of the next day") {
    body["timestamp"] = midnight + 86'400;
    f.server.script(json_reply(body));
    CHECK(f.provider.latest(after(2s)).date == 2024y / January / 9);
  }
  SECTION("no timestamp") {
    body.erase("timestamp");
    f.server.script(json_reply(body));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains("'timestamp' is missing"));
  }
}

TEST_CASE("openexchangerates: range asks /historical per weekday, without repeats") {
  fixture f;
  const auto sets = f.provider.range(2024y / January / 1, 2024y / January / 9, after(5s));
  std::vector<cambio::date> dates;
  for (const auto& s : sets) dates.push_back(s.date);
  CHECK(dates == std::vector<cambio::date>{2024y / January / 2, 2024y / January / 3,
                                           2024y / January / 4, 2024y / January / 5,
                                           2024y / January / 8});
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 7);  // no Saturday or Sunday
  CHECK(requests[0].path == "/historical/2024-01-01.json");
  CHECK(requests[5].path == "/historical/2024-01-08.json");
  for (const auto& r : requests) CHECK(r.param("app_id") == k_app_id);
}

TEST_CASE("openexchangerates: its error bodies map by message") {
  fixture f;
  const std::vector<std::tuple<int, std::string, provider_failure>> cases = {
      {401, "invalid_app_id", provider_failure::unauthorized},
      {401, "missing_app_id", provider_failure::unauthorized},
      {403, "not_allowed", provider_failure::refused},
      {403, "access_restricted", provider_failure::refused},
      {429, "too_many_requests", provider_failure::rate_limited},
      {400, "invalid_base", provider_failure::refused},
      {404, "not_found", provider_failure::not_found},
      {500, "server_error", provider_failure::unavailable},
  };
  for (const auto& [status, message, failure] : cases) {
    f.server.script(openexchangerates_error(status, message, "described"));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == failure);
    CHECK_THAT(e.what(), Catch::Contains("HTTP " + std::to_string(status)) &&
                             Catch::Contains(message + ": described"));
    CHECK_THAT(e.what(), !Catch::Contains(k_app_id) && Catch::Contains("app_id=***"));
  }
}

TEST_CASE("openexchangerates: a wrong app_id and a day without rates") {
  fake_provider_server server{openexchangerates_routes(sample_days("USD"), k_app_id)};
  SECTION("wrong app_id: unauthorized") {
    openexchangerates provider({.base_url = server.url(), .app_id = "nope"});
    CHECK(error_of([&] { provider.latest(after(2s)); }).failure() ==
          provider_failure::unauthorized);
  }
  SECTION("a range before the data: empty") {
    openexchangerates provider({.base_url = server.url(), .app_id = k_app_id});
    CHECK(provider.range(1998y / December / 1, 1998y / December / 2, after(2s)).empty());
  }
  SECTION("429 keeps its Retry-After") {
    auto reply = openexchangerates_error(429, "too_many_requests");
    reply.headers["Retry-After"] = "60";
    server.script(reply);
    openexchangerates provider({.base_url = server.url(), .app_id = k_app_id});
    const auto e = error_of([&] { provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::rate_limited);
    CHECK(e.retry_after() == 60s);
  }
}

TEST_CASE("openexchangerates: HTTP failures map through the shared table") {
  fixture f;
  check_common_http_failures(f.server, [&] { f.provider.latest(after(2s)); });
}

TEST_CASE("openexchangerates: partial data is kept, missing rates are bad responses") {
  fixture f;
  auto body = openexchangerates_day_body(2024y / January / 8, {{"EUR", 0.91}, {"USD", 1.0}});
  SECTION("one currency, and the base is not a rate") {
    f.server.script(json_reply(body));
    CHECK(f.provider.latest(after(2s)).rates == day_rates{{"EUR", 0.91}});
  }
  SECTION("no rates") {
    body.erase("rates");
    f.server.script(json_reply(body));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains("'rates' is missing"));
  }
  SECTION("an infinite rate") {
    f.server.script({.body = R"({"timestamp":1704729600,"base":"USD","rates":{"EUR":1e999}})"});
    CHECK(error_of([&] { f.provider.latest(after(2s)); }).failure() ==
          provider_failure::bad_response);
  }
}

TEST_CASE("openexchangerates: a provider that does not answer fails at the deadline") {
  fixture f;
  check_timeout(f.server, [&](deadline until) { f.provider.latest(until); });
}

}  // namespace
}  // namespace cambio::rates::testing
