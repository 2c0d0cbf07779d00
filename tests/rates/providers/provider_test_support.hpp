#pragma once
// Helpers shared by the provider tests: deadlines, catching a provider_error, and the HTTP failures
// every HTTP provider must map the same way.

#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "fake_provider_server.hpp"
#include "rates/provider.hpp"

namespace cambio::rates::testing {

using namespace std::chrono_literals;

inline deadline after(std::chrono::milliseconds budget) {
  return std::chrono::steady_clock::now() + budget;
}

// The provider_error `fn` throws; fails the test if it returns or throws something else.
template <class Fn>
provider_error error_of(Fn&& fn) {
  try {
    fn();
  } catch (const provider_error& e) {
    return e;
  }
  FAIL("expected a provider_error");
  throw std::logic_error("unreachable");
}

struct http_failure_case {
  std::string name;
  fake_reply reply;
  provider_failure expected;
  std::optional<std::chrono::seconds> retry_after;
};

// Transport-level answers any provider may get (from the provider or a proxy in front of it).
inline std::vector<http_failure_case> common_http_failures() {
  return {
      {"401",
       {.status = 401, .body = "Unauthorized", .content_type = "text/plain"},
       provider_failure::unauthorized,
       std::nullopt},
      {"403",
       {.status = 403, .body = "Forbidden", .content_type = "text/plain"},
       provider_failure::unauthorized,
       std::nullopt},
      {"429 with Retry-After seconds",
       {.status = 429, .body = "slow down", .headers = {{"Retry-After", "17"}}},
       provider_failure::rate_limited,
       17s},
      {"500",
       {.status = 500, .body = "oops", .content_type = "text/plain"},
       provider_failure::unavailable,
       std::nullopt},
      {"503 with Retry-After",
       {.status = 503, .body = "", .headers = {{"Retry-After", "5"}}},
       provider_failure::unavailable,
       5s},
      {"other 4xx",
       {.status = 418, .body = "teapot", .content_type = "text/plain"},
       provider_failure::bad_response,
       std::nullopt},
      {"HTML instead of JSON",
       {.status = 200, .body = "<html>maintenance</html>", .content_type = "text/html"},
       provider_failure::bad_response,
       std::nullopt},
      {"truncated JSON",
       {.status = 200, .body = R"({"base":"EUR","rates":{"USD":1.1)"},
       provider_failure::bad_response,
       std::nullopt},
      {"JSON that is not an object",
       {.status = 200, .body = "[1,2,3]"},
       provider_failure::bad_response,
       std::nullopt},
  };
}

// Runs `call` once per common failure scripted on `server`, checking the mapping.
template <class Call>
void check_common_http_failures(fake_provider_server& server, Call&& call) {
  for (const auto& c : common_http_failures()) {
    DYNAMIC_SECTION(c.name) {
      server.script(c.reply);
      const auto e = error_of(call);
      CHECK(e.failure() == c.expected);
      CHECK(e.retry_after() == c.retry_after);
    }
  }
}

// A provider that does not answer: `call(until)` fails as unavailable once the deadline passes,
// not long after (the fake would answer only after 10 s).
template <class Call>
void check_timeout(fake_provider_server& server, Call&& call) {
  server.script({.body = "{}", .delay = 10s});
  const auto budget = 300ms;
  const auto start = std::chrono::steady_clock::now();
  const auto e = error_of([&] { call(start + budget); });
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(e.failure() == provider_failure::unavailable);
  CHECK(took >= budget - 50ms);
  CHECK(took < budget + 700ms);
}

}  // namespace cambio::rates::testing
