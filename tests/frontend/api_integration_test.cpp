// The JSON API's account side against the real stack (db-proxy, the mailer and the SMTP sink, the
// frontend): register → the verification mail → verify → a token pair → /me → refresh → reuse
// detection → revoke; every refusal with its status and error code; the per-user rate limit; /me
// from the profile cache, which a change made elsewhere empties; the OpenAPI document checked by an
// npm validator; and db-proxy down → 503 within the deadline.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "accounts_stack.hpp"
#include "rmqrpc/error.hpp"

using cambio::testing::accounts_stack;
using nlohmann::json;

namespace {

const std::string k_password = "correct horse battery staple";

class api_client {
 public:
  explicit api_client(const accounts_stack& stack) : port_(stack.port()) {}

  httplib::Result post(const std::string& path, const json& body) const {
    return client().Post(path.c_str(), body.dump(), "application/json");
  }
  httplib::Result post_raw(const std::string& path, const std::string& body,
                           const std::string& type) const {
    return client().Post(path.c_str(), body, type.c_str());
  }
  httplib::Result get(const std::string& path, const std::string& access_token = "") const {
    httplib::Headers headers;
    if (!access_token.empty()) headers.emplace("Authorization", "Bearer " + access_token);
    return client().Get(path.c_str(), headers);
  }

 private:
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(std::chrono::seconds(2));
    c.set_read_timeout(std::chrono::seconds(15));
    return c;
  }
  int port_;
};

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  const auto body = json::parse(r->body, nullptr, false);
  INFO(r->status << " " << r->body);
  REQUIRE(body.is_object());
  return body;
}

// The error code of a JSON error answer with `status`.
std::string error_code(const httplib::Result& r, int status) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  return body_of(r).at("error").at("code").get<std::string>();
}

struct token_pair {
  std::string access;
  std::string refresh;
};

token_pair pair_of(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  const auto b = body_of(r);
  CHECK(b.at("token_type") == "Bearer");
  CHECK(b.at("expires_in") == 900);
  CHECK(r->get_header_value("Cache-Control") == "no-store");
  return {b.at("access_token").get<std::string>(), b.at("refresh_token").get<std::string>()};
}

// Registers `name`, follows the mailed link through POST /api/v1/verify, logs in.
token_pair signed_up(accounts_stack& stack, const api_client& api, const std::string& name) {
  const auto email = name + "@example.com";
  const auto reg = api.post("/api/v1/register",
                            {{"username", name}, {"email", email}, {"password", k_password}});
  REQUIRE(reg);
  REQUIRE(reg->status == 202);
  const auto link = stack.wait_for_link(email, "/verify?token=");
  const auto token = link.substr(link.find("token=") + 6);
  const auto verified = api.post("/api/v1/verify", {{"token", token}});
  REQUIRE(verified);
  REQUIRE(verified->status == 200);
  return pair_of(api.post("/api/v1/token", {{"username", name}, {"password", k_password}}));
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

TEST_CASE("register, verify, log in, refresh with reuse detection, revoke", "[api][integration]") {
  accounts_stack stack;
  api_client api(stack);

  const json alice = {
      {"username", "api_alice"}, {"email", "alice@example.com"}, {"password", k_password}};
  const auto registered = api.post("/api/v1/register", alice);
  REQUIRE(registered);
  CHECK(registered->status == 202);
  // The same username again (another address): the very same answer.
  auto taken = alice;
  taken["email"] = "mallory@example.com";
  const auto again = api.post("/api/v1/register", taken);
  REQUIRE(again);
  CHECK(again->status == 202);
  CHECK(again->body == registered->body);

  // Not verified yet: the right password is refused with 412, saying so.
  CHECK(error_code(api.post("/api/v1/token", {{"username", "api_alice"}, {"password", k_password}}),
                   412) == "failed_precondition");

  const auto link = stack.wait_for_link("alice@example.com", "/verify?token=");
  const auto token = link.substr(link.find("token=") + 6);
  const auto verified = api.post("/api/v1/verify", {{"token", token}});
  REQUIRE(verified);
  CHECK(verified->status == 200);
  CHECK(body_of(verified).at("username") == "api_alice");
  CHECK(error_code(api.post("/api/v1/verify", {{"token", token}}), 404) == "not_found");

  // Logging in by email works as well as by username.
  const auto first = pair_of(
      api.post("/api/v1/token", {{"username", "Alice@Example.com"}, {"password", k_password}}));
  const auto me = api.get("/api/v1/me", first.access);
  REQUIRE(me);
  CHECK(me->status == 200);
  const auto profile = body_of(me);
  CHECK(profile.at("username") == "api_alice");
  CHECK(profile.at("email") == "alice@example.com");
  CHECK(profile.at("default_currency") == "EUR");
  CHECK(profile.at("has_picture") == false);
  CHECK(me->get_header_value("RateLimit-Limit") == "60");
  CHECK(me->get_header_value("RateLimit-Remaining") == "59");

  // Refresh: a new pair; the old refresh token is spent.
  const auto second =
      pair_of(api.post("/api/v1/token/refresh", {{"refresh_token", first.refresh}}));
  CHECK(second.refresh != first.refresh);
  CHECK(api.get("/api/v1/me", second.access)->status == 200);
  // Presenting the spent one again is reuse: 401, and the whole family is revoked.
  CHECK(error_code(api.post("/api/v1/token/refresh", {{"refresh_token", first.refresh}}), 401) ==
        "unauthenticated");
  CHECK(error_code(api.post("/api/v1/token/refresh", {{"refresh_token", second.refresh}}), 401) ==
        "unauthenticated");

  // Revoke (log out): the family ends.
  const auto third =
      pair_of(api.post("/api/v1/token", {{"username", "api_alice"}, {"password", k_password}}));
  const auto revoked = api.post("/api/v1/token/revoke", {{"refresh_token", third.refresh}});
  REQUIRE(revoked);
  CHECK(revoked->status == 200);
  CHECK(body_of(revoked).at("revoked") == true);
  CHECK(error_code(api.post("/api/v1/token/refresh", {{"refresh_token", third.refresh}}), 401) ==
        "unauthenticated");
}

TEST_CASE("the API refuses bad credentials, tokens and bodies with the right status",
          "[api][integration]") {
  accounts_stack stack;
  api_client api(stack);
  signed_up(stack, api, "api_bob");

  // A wrong password and an unknown account: the same 401 and the same words.
  const auto wrong =
      api.post("/api/v1/token", {{"username", "api_bob"}, {"password", "not the password at all"}});
  const auto unknown = api.post(
      "/api/v1/token", {{"username", "api_nobody"}, {"password", "not the password at all"}});
  CHECK(error_code(wrong, 401) == "unauthenticated");
  CHECK(error_code(unknown, 401) == "unauthenticated");
  CHECK(body_of(wrong).at("error").at("message") == body_of(unknown).at("error").at("message"));

  // /me without a token, with garbage, with `alg: none`.
  const auto bare = api.get("/api/v1/me");
  CHECK(error_code(bare, 401) == "unauthenticated");
  CHECK(bare->get_header_value("WWW-Authenticate") == R"(Bearer realm="cambio")");
  const auto garbage = api.get("/api/v1/me", "not-a-token");
  CHECK(error_code(garbage, 401) == "unauthenticated");
  CHECK(garbage->get_header_value("WWW-Authenticate").find("invalid_token") != std::string::npos);
  const std::string none =
      "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
      "eyJzdWIiOiIxIiwiYXVkIjoiY2FtYmlvLWFwaSIsImV4cCI6OTk5OTk5OTk5OX0.";
  const auto unsigned_token = api.get("/api/v1/me", none);
  CHECK(error_code(unsigned_token, 401) == "unauthenticated");
  CHECK(body_of(unsigned_token).at("error").at("message") ==
        "the token's algorithm is not allowed");

  // Bodies: malformed, another type, fields missing or of the wrong type, a weak password.
  CHECK(error_code(api.post_raw("/api/v1/token", "{\"username\":", "application/json"), 400) ==
        "invalid_argument");
  CHECK(error_code(
            api.post_raw("/api/v1/token", "username=api_bob", "application/x-www-form-urlencoded"),
            400) == "invalid_argument");
  const auto missing = api.post("/api/v1/token", {{"username", "api_bob"}});
  CHECK(error_code(missing, 400) == "invalid_argument");
  CHECK(body_of(missing).at("error").at("message") == "password is required");
  CHECK(error_code(api.post("/api/v1/token", {{"username", 7}, {"password", "x"}}), 400) ==
        "invalid_argument");
  const auto weak = api.post(
      "/api/v1/register",
      {{"username", "api_carol"}, {"email", "carol@example.com"}, {"password", "password123"}});
  CHECK(error_code(weak, 400) == "invalid_argument");
  CHECK(body_of(weak).at("error").at("details").at("fields").contains("password"));
  CHECK(error_code(api.post("/api/v1/token/refresh", {{"refresh_token", "short"}}), 401) ==
        "unauthenticated");

  // An unknown endpoint is a JSON 404 for any method.
  CHECK(error_code(api.post("/api/v1/nope", json::object()), 404) == "not_found");
  CHECK(error_code(api.get("/api/v1/nope"), 404) == "not_found");
}

TEST_CASE("a spent per-user rate limit answers 429 with Retry-After", "[api][integration]") {
  accounts_stack stack({{"CAMBIO_API_RATE_LIMIT", "3"}, {"CAMBIO_API_RATE_WINDOW_S", "60"}});
  api_client api(stack);
  const auto tokens = signed_up(stack, api, "api_dave");
  for (int remaining : {2, 1, 0}) {
    const auto r = api.get("/api/v1/me", tokens.access);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("RateLimit-Remaining") == std::to_string(remaining));
  }
  const auto refused = api.get("/api/v1/me", tokens.access);
  CHECK(error_code(refused, 429) == "resource_exhausted");
  const auto wait = std::stoi(refused->get_header_value("Retry-After"));
  CHECK(wait >= 1);
  CHECK(wait <= 20);
  CHECK(refused->get_header_value("RateLimit-Remaining") == "0");
}

TEST_CASE("/me is served from the profile cache, which follows a change made elsewhere at once",
          "[api][integration]") {
  // An hour's ttl: only db-proxy's accounts.changed can make the frontend read the profile again.
  // (A per-user limit that polling cannot reach.)
  accounts_stack stack(
      {{"CAMBIO_PROFILE_CACHE_TTL_S", "3600"}, {"CAMBIO_API_RATE_LIMIT", "100000"}});
  api_client api(stack);
  const auto tokens = signed_up(stack, api, "api_frank");
  const auto first = body_of(api.get("/api/v1/me", tokens.access));
  const auto user_id = first.at("id").get<std::int64_t>();
  const auto currency = first.at("default_currency").get<std::string>();
  const std::string other = currency == "CHF" ? "JPY" : "CHF";

  // Kept: with db-proxy gone, the same answer, at once.
  stack.stop_db_proxy();
  const auto cached = api.get("/api/v1/me", tokens.access);
  CHECK(cached->status == 200);
  CHECK(body_of(cached) == first);
  stack.start_db_proxy();

  // Changed behind this frontend's back, as another replica (or an operator) would: db-proxy
  // publishes accounts.changed once committed, and the next /me reads the new profile.
  // (db-proxy answers unavailable until its start-up check of the schema is done; the update is
  // idempotent.)
  nlohmann::json changed;
  REQUIRE(cambio::testing::eventually(
      [&] {
        try {
          changed = stack.rpc().call("db.accounts.update",
                                     {{"user_id", user_id}, {"default_currency", other}},
                                     {.timeout = std::chrono::seconds(2)});
          return true;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      std::chrono::seconds(30)));
  CHECK(changed.at("default_currency") == other);
  std::string seen;
  CHECK(cambio::testing::eventually(
      [&] {
        seen = body_of(api.get("/api/v1/me", tokens.access)).at("default_currency");
        return seen == other;
      },
      std::chrono::seconds(5)));
  CHECK(seen == other);
}

TEST_CASE("the OpenAPI document validates and every documented path is served",
          "[api][integration]") {
  const std::string browser_dir = CAMBIO_FRONTEND_BROWSER_DIR;
  if (!std::filesystem::exists(browser_dir + "/node_modules/@apidevtools/swagger-parser")) {
    FAIL("@apidevtools/swagger-parser is not installed in " + browser_dir +
         ": run npm ci --prefix " + browser_dir);
  }
  accounts_stack stack;
  const auto command = "node " + cambio::testing::shell_quote(browser_dir + "/openapi_check.mjs") +
                       " " + cambio::testing::shell_quote(stack.base_url());
  INFO(command);
  CHECK(run(command) == 0);
}

TEST_CASE("with db-proxy down the API answers 503 within the deadline", "[api][integration]") {
  accounts_stack stack;
  api_client api(stack);
  stack.stop_db_proxy();
  const auto started = std::chrono::steady_clock::now();
  const auto r = api.post("/api/v1/token", {{"username", "api_erin"}, {"password", k_password}});
  // db-proxy's queue still exists (durable), so the request waits there until its deadline: the
  // frontend's call ends deadline_exceeded with no reply, which the API answers as 503.
  CHECK(error_code(r, 503) == "deadline_exceeded");
  CHECK(r->get_header_value("Retry-After") == "10");
  // Answered, not hung: the read timeout of the client (15 s) was not reached.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
  stack.start_db_proxy();
}
