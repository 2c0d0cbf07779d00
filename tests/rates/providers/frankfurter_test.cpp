#include <catch2/catch.hpp>

#include "fake_frankfurter.hpp"
#include "provider_test_support.hpp"
#include "rates/providers/frankfurter.hpp"

namespace cambio::rates::testing {
namespace {

using namespace std::chrono;

struct fixture {
  fake_provider_server server{frankfurter_routes(sample_days("EUR"))};
  frankfurter provider{{.base_url = server.url()}};
};

fake_reply body_with(const std::function<void(nlohmann::json&)>& edit) {
  auto body = frankfurter_day_body(2024y / January / 8, {{"USD", 1.09}, {"JPY", 157.2}});
  edit(body);
  return json_reply(body);
}

TEST_CASE("frankfurter: latest is the newest published set, dated by the provider") {
  fixture f;
  const auto set = f.provider.latest(after(2s));
  CHECK(set.provider == "frankfurter");
  CHECK(set.base == "EUR");
  CHECK(set.date == 2024y / January / 8);  // the rate date, not the day of the request
  CHECK(set.rates == sample_days("EUR").at(2024y / January / 8));
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/latest");
  CHECK(requests[0].user_agent == "cambio-rates-ingestor");
}

TEST_CASE("frankfurter: a base URL with a trailing slash works the same") {
  fake_provider_server server{frankfurter_routes(sample_days("EUR"))};
  frankfurter provider({.base_url = server.url() + "/"});
  CHECK(provider.latest(after(2s)).date == 2024y / January / 8);
  CHECK(server.requests().at(0).path == "/latest");
}

TEST_CASE("frankfurter: range is one request to the range endpoint, oldest first") {
  fixture f;
  const auto sets = f.provider.range(2024y / January / 1, 2024y / January / 7, after(2s));
  REQUIRE(sets.size() == 4);
  CHECK(sets[0].date == 2024y / January / 2);
  CHECK(sets[3].date == 2024y / January / 5);
  const auto days = sample_days("EUR");
  for (const auto& s : sets) CHECK(s.rates == days.at(s.date));
  for (const auto& s : sets) CHECK(s.base == "EUR");
  const auto requests = f.server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].path == "/2024-01-01..2024-01-07");
}

TEST_CASE("frankfurter: a range without a working day is empty, not an error") {
  fixture f;
  CHECK(f.provider.range(2023y / December / 30, 2023y / December / 31, after(2s)).empty());
  CHECK(f.provider.range(2024y / January / 9, 2024y / January / 1, after(2s)).empty());
  CHECK(f.server.requests().size() == 1);  // a reversed range asks nothing
}

TEST_CASE("frankfurter: a holiday answers with the previous working day's date") {
  fixture f;
  const auto set = f.provider.on_date(2024y / January / 1, after(2s));
  CHECK(set.date == 2023y / December / 29);
  CHECK(f.server.requests().at(0).path == "/2024-01-01");
}

TEST_CASE("frankfurter: partial data is kept as published, the base never appears as a rate") {
  fixture f;
  f.server.script(body_with([](auto& b) { b["rates"] = {{"USD", 1.09}, {"EUR", 1.0}}; }));
  const auto set = f.provider.latest(after(2s));
  CHECK(set.rates == day_rates{{"USD", 1.09}});
}

TEST_CASE("frankfurter: its own error shapes") {
  fixture f;
  SECTION("404 for a date before its data: not_found") {
    const auto e = error_of([&] { f.provider.on_date(1998y / December / 1, after(2s)); });
    CHECK(e.failure() == provider_failure::not_found);
    CHECK_THAT(e.what(), Catch::Contains("not found"));
  }
  SECTION("422 for a date it will not serve: refused, not retried") {
    f.server.script(json_reply({{"message", "invalid date"}}, 422));
    const auto e = error_of([&] { f.provider.on_date(1900y / January / 1, after(2s)); });
    CHECK(e.failure() == provider_failure::refused);
    CHECK_FALSE(e.retryable());
  }
  SECTION("a 404 page that is not frankfurter's (a wrong base URL) is an error in a range") {
    f.server.script({.status = 404, .body = "<html>no</html>", .content_type = "text/html"});
    const auto e =
        error_of([&] { f.provider.range(2024y / January / 1, 2024y / January / 7, after(2s)); });
    CHECK(e.failure() == provider_failure::not_found);
  }
}

TEST_CASE("frankfurter: HTTP failures map through the shared table") {
  fixture f;
  check_common_http_failures(f.server, [&] { f.provider.latest(after(2s)); });
}

TEST_CASE("frankfurter: malformed bodies are bad responses naming what is wrong") {
  fixture f;
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> cases = {
      {[](auto& b) { b.erase("rates"); }, "'rates' is missing"},
      {[](auto& b) { b["rates"] = nlohmann::json::object(); }, "'rates' holds no rates"},
      {[](auto& b) {
         b["rates"] = {1, 2};
       },
       "'rates' is not an object"},
      {[](auto& b) { b.erase("date"); }, "'date' is missing"},
      {[](auto& b) { b["date"] = "02/01/2024"; }, "'date' is not a date"},
      {[](auto& b) { b.erase("base"); }, "'base' is missing"},
      {[](auto& b) { b["rates"]["USD"] = "1.09"; }, "the rate of USD is not a positive number"},
      {[](auto& b) { b["rates"]["USD"] = -1.09; }, "the rate of USD is not a positive number"},
      {[](auto& b) { b["rates"]["USD"] = 0; }, "the rate of USD is not a positive number"},
  };
  for (const auto& [edit, message] : cases) {
    f.server.script(body_with(edit));
    const auto e = error_of([&] { f.provider.latest(after(2s)); });
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains(message));
  }
}

TEST_CASE("frankfurter: a malformed day in a range is a bad response naming the day") {
  fixture f;
  f.server.script(json_reply(
      {{"amount", 1.0},
       {"base", "EUR"},
       {"rates", {{"2024-01-02", {{"USD", 1.09}}}, {"2024-01-03", {{"USD", nullptr}}}}}}));
  const auto e =
      error_of([&] { f.provider.range(2024y / January / 1, 2024y / January / 7, after(2s)); });
  CHECK(e.failure() == provider_failure::bad_response);
  CHECK_THAT(e.what(), Catch::Contains("'rates.2024-01-03': the rate of USD"));
}

TEST_CASE("frankfurter: a provider that does not answer fails at the deadline") {
  fixture f;
  check_timeout(f.server, [&](deadline until) { f.provider.latest(until); });
}

TEST_CASE("frankfurter: a provider that is down is unavailable, naming the host") {
  std::string url;
  {
    fake_provider_server gone{frankfurter_routes({})};
    url = gone.url();
  }
  frankfurter provider({.base_url = url});
  const auto e = error_of([&] { provider.latest(after(2s)); });
  CHECK(e.failure() == provider_failure::unavailable);
  CHECK_THAT(e.what(), Catch::Contains("frankfurter") && Catch::Contains(url.substr(7)));
}

}  // namespace
}  // namespace cambio::rates::testing
