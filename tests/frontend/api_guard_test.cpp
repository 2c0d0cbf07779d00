// The door of authenticated endpoints: the Authorization header's parsing, a valid token let in
// with its RateLimit figures, every kind of bad token refused with a challenge, and the per-user
// limit answered with 429's retry_after_s.

#include <catch2/catch.hpp>

#include "api/api_guard.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::frontend::api;
using namespace std::chrono_literals;

namespace {

token_settings settings() {
  return {std::string(32, 'k'), "http://cambio.test", "cambio-api", 900s, 30s};
}

sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

httplib::Request request_with(const std::string& authorization) {
  httplib::Request req;
  if (!authorization.empty()) req.headers.emplace("Authorization", authorization);
  return req;
}

// The error admit() throws, and the response's WWW-Authenticate.
std::pair<rmqrpc::errc, std::string> refusal(api_guard& guard, const std::string& authorization) {
  httplib::Response res;
  try {
    const auto req = request_with(authorization);
    guard.admit(req, res);
  } catch (const rmqrpc::error& e) {
    return {e.code(), res.get_header_value("WWW-Authenticate")};
  }
  FAIL("admitted: " << authorization);
  return {};
}

}  // namespace

TEST_CASE("the bearer token is read from the Authorization header", "[api][guard]") {
  CHECK(bearer_token("Bearer abc.def.ghi") == std::optional<std::string_view>("abc.def.ghi"));
  CHECK(bearer_token("bearer  abc ") == std::optional<std::string_view>("abc"));
  CHECK(bearer_token("BEARER x") == std::optional<std::string_view>("x"));
  CHECK_FALSE(bearer_token(""));
  CHECK_FALSE(bearer_token("Bearer"));
  CHECK_FALSE(bearer_token("Bearer    "));
  CHECK_FALSE(bearer_token("Basic dXNlcjpwYXNz"));
  CHECK_FALSE(bearer_token("Bearerabc"));
}

TEST_CASE("a valid token is let in with its RateLimit figures", "[api][guard]") {
  api_guard guard(settings(), {3, 60s});
  const auto token = issue_access_token(settings(), 42, now());
  httplib::Response res;
  const auto claims = guard.admit(request_with("Bearer " + token), res);
  CHECK(claims.user_id == 42);
  CHECK(res.get_header_value("RateLimit-Limit") == "3");
  CHECK(res.get_header_value("RateLimit-Remaining") == "2");
  CHECK(res.get_header_value("RateLimit-Reset") == "20");
}

TEST_CASE("no token or a bad one is unauthenticated, with a challenge", "[api][guard]") {
  api_guard guard(settings(), {60, 60s});
  const auto [code, challenge] = refusal(guard, "");
  CHECK(code == rmqrpc::errc::unauthenticated);
  CHECK(challenge == R"(Bearer realm="cambio")");

  auto other = settings();
  other.key = std::string(32, 'x');
  for (const auto& bad :
       {std::string("Bearer garbage"), "Bearer " + issue_access_token(other, 42, now()),
        "Bearer " + issue_access_token(settings(), 42, now() - 2h)}) {
    INFO(bad);
    const auto [bad_code, bad_challenge] = refusal(guard, bad);
    CHECK(bad_code == rmqrpc::errc::unauthenticated);
    CHECK(bad_challenge == R"(Bearer realm="cambio", error="invalid_token")");
  }
}

TEST_CASE("a spent per-user limit is resource_exhausted with retry_after_s", "[api][guard]") {
  api_guard guard(settings(), {2, 60s});
  const auto alice = "Bearer " + issue_access_token(settings(), 1, now());
  const auto bob = "Bearer " + issue_access_token(settings(), 2, now());
  httplib::Response res;
  guard.admit(request_with(alice), res);
  guard.admit(request_with(alice), res);
  httplib::Response refused;
  try {
    guard.admit(request_with(alice), refused);
    FAIL("the third request in a window of two was let in");
  } catch (const rmqrpc::error& e) {
    CHECK(e.code() == rmqrpc::errc::resource_exhausted);
    CHECK(e.details().at("retry_after_s").get<int>() >= 1);
    CHECK(e.details().at("retry_after_s").get<int>() <= 30);
  }
  CHECK(refused.get_header_value("RateLimit-Remaining") == "0");
  CHECK(guard.admit(request_with(bob), res).user_id == 2);  // another user's own bucket
}
