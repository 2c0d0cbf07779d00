#include <catch2/catch.hpp>

#include "rates/http_status.hpp"

namespace cambio::rates {
namespace {

using namespace std::chrono;

TEST_CASE("http status: one table for every provider") {
  CHECK(is_success(200));
  CHECK(is_success(204));
  CHECK_FALSE(is_success(301));
  CHECK_FALSE(is_success(404));
  CHECK(failure_for_status(401) == provider_failure::unauthorized);
  CHECK(failure_for_status(403) == provider_failure::unauthorized);
  CHECK(failure_for_status(404) == provider_failure::not_found);
  CHECK(failure_for_status(429) == provider_failure::rate_limited);
  CHECK(failure_for_status(500) == provider_failure::unavailable);
  CHECK(failure_for_status(502) == provider_failure::unavailable);
  CHECK(failure_for_status(503) == provider_failure::unavailable);
  CHECK(failure_for_status(400) == provider_failure::bad_response);
  CHECK(failure_for_status(422) == provider_failure::bad_response);
  CHECK(failure_for_status(302) == provider_failure::bad_response);
}

TEST_CASE("http status: Retry-After in seconds or as an HTTP date") {
  const auto now = sys_days{2015y / October / 21} + 7h + 27min;  // 07:27:00 UTC
  CHECK(parse_retry_after("120", now) == 120s);
  CHECK(parse_retry_after("0", now) == 0s);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 60s);
  CHECK(parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", now) == 120s);
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0s);  // past: at once
  CHECK(parse_retry_after("", now) == std::nullopt);
  CHECK(parse_retry_after("soon", now) == std::nullopt);
  CHECK(parse_retry_after("-5", now) == std::nullopt);
  CHECK(parse_retry_after("99999999999999999999999", now) == std::nullopt);
}

TEST_CASE("http status: the error carries the status, Retry-After and the body, keys redacted") {
  http_response r{.status = 429,
                  .headers = {{"retry-after", "30"}},
                  .body = "too many requests for access_key=abc123\nslow down"};
  const auto e = status_error(r, "fixer: GET http://x/latest?access_key=***");
  CHECK(e.failure() == provider_failure::rate_limited);
  CHECK(e.retry_after() == 30s);
  CHECK(std::string(e.what()) ==
        "fixer: GET http://x/latest?access_key=***: HTTP 429 (retry after 30 s): too many "
        "requests for access_key=*** slow down");

  SECTION("a provider's own failure and detail win") {
    r.status = 403;
    r.headers.clear();
    const auto refused = status_error(r, "oxr", provider_failure::refused, "not_allowed: plan");
    CHECK(refused.failure() == provider_failure::refused);
    CHECK(refused.retry_after() == std::nullopt);
    CHECK(std::string(refused.what()) == "oxr: HTTP 403: not_allowed: plan");
  }
  SECTION("a long body is cut") {
    r.body = std::string(5000, 'x');
    CHECK(std::string(status_error(r, "p").what()).size() < 300);
  }
}

}  // namespace
}  // namespace cambio::rates
