#include <catch2/catch.hpp>

#include "fake_provider_server.hpp"
#include "provider_test_support.hpp"
#include "rates/http_fetch.hpp"

namespace cambio::rates::testing {
namespace {

fake_reply echo(const fake_request& r) {
  return {.status = 200,
          .body = "you asked " + r.path,
          .content_type = "text/plain",
          .headers = {{"X-Extra", "1"}}};
}

TEST_CASE("http fetch: status, headers and body come back, the user agent is sent") {
  fake_provider_server server(echo);
  http_fetcher http({.who = "test"});
  const auto r = http.get(server.url() + "/latest?symbols=USD", after(2s));
  CHECK(r.status == 200);
  CHECK(r.body == "you asked /latest");
  CHECK(r.header("content-type") == "text/plain");
  CHECK(r.header("x-extra") == "1");
  CHECK(r.header("retry-after").empty());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].user_agent == "cambio-rates-ingestor");
  CHECK(requests[0].param("symbols") == "USD");
}

TEST_CASE("http fetch: a non-2xx status is returned, not thrown") {
  fake_provider_server server(echo);
  server.script({.status = 429, .body = "wait", .headers = {{"Retry-After", "9"}}});
  http_fetcher http({.who = "test"});
  const auto r = http.get(server.url() + "/x", after(2s));
  CHECK(r.status == 429);
  CHECK(r.header("retry-after") == "9");
  CHECK(r.body == "wait");
  CHECK(http.get(server.url() + "/y", after(2s)).status == 200);  // the same fetcher again
}

TEST_CASE("http fetch: no answer within the deadline is unavailable, on time, naming the host") {
  fake_provider_server server(echo);
  http_fetcher http({.who = "test"});
  check_timeout(server, [&](deadline until) { http.get(server.url() + "/slow", until); });
  server.script({.delay = std::chrono::seconds(10)});
  const auto e = error_of([&] { http.get(server.url() + "/slow", after(200ms)); });
  CHECK_THAT(e.what(), Catch::Contains("test: GET " + server.url() + "/slow") &&
                           Catch::Contains("host " + server.url().substr(7)));
}

TEST_CASE("http fetch: a deadline already passed sends nothing") {
  fake_provider_server server(echo);
  http_fetcher http({.who = "test"});
  const auto e = error_of([&] { http.get(server.url() + "/x", after(-1ms)); });
  CHECK(e.failure() == provider_failure::unavailable);
  CHECK(server.requests().empty());
}

TEST_CASE("http fetch: nobody listening is unavailable, naming the host, key redacted") {
  std::string url;
  {
    fake_provider_server gone(echo);
    url = gone.url();
  }
  http_fetcher http({.who = "fixer"});
  const auto e = error_of([&] { http.get(url + "/latest?access_key=s3cr3t", after(2s)); });
  CHECK(e.failure() == provider_failure::unavailable);
  CHECK_THAT(e.what(), Catch::Contains("fixer") && Catch::Contains("host " + url.substr(7)));
  CHECK_THAT(e.what(), Catch::Contains("access_key=***") && !Catch::Contains("s3cr3t"));
}

TEST_CASE("http fetch: a body over the cap is a bad response") {
  fake_provider_server server(echo);
  const bool chunked = GENERATE(false, true);  // announced by Content-Length, or found on the way
  INFO("chunked: " << chunked);
  server.script({.body = std::string(5000, 'x'), .chunked = chunked});
  http_fetcher http({.who = "test", .max_body_bytes = 1000});
  const auto e = error_of([&] { http.get(server.url() + "/big", after(2s)); });
  CHECK(e.failure() == provider_failure::bad_response);
  CHECK_THAT(e.what(), Catch::Contains("1000 bytes"));
  server.script({.body = std::string(1000, 'x')});
  CHECK(http.get(server.url() + "/fits", after(2s)).body.size() == 1000);
}

TEST_CASE("http fetch: secrets in URLs are redacted, the rest kept") {
  CHECK(redact_secrets("http://h/api/latest?access_key=abc123&symbols=USD") ==
        "http://h/api/latest?access_key=***&symbols=USD");
  CHECK(redact_secrets("https://h/api/latest.json?app_id=xyz") ==
        "https://h/api/latest.json?app_id=***");
  CHECK(redact_secrets("a?access_key=1&app_id=2#frag") == "a?access_key=***&app_id=***#frag");
  CHECK(redact_secrets("no secrets here") == "no secrets here");
  CHECK(redact_secrets("access_key=") == "access_key=***");
}

TEST_CASE("http fetch: the host of a URL") {
  CHECK(url_host("https://api.frankfurter.app/latest") == "api.frankfurter.app");
  CHECK(url_host("http://127.0.0.1:8080?x=1") == "127.0.0.1:8080");
  CHECK(url_host("http://user:pw@example.com/x") == "example.com");
}

}  // namespace
}  // namespace cambio::rates::testing
