// JWT access tokens: what is issued checks out, and every way a token can be wrong is refused with
// the check that caught it — alg none, another algorithm, a wrong key, a tampered payload, expiry,
// issuer, audience, garbage.

#include <jwt.h>
#include <sodium.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "api/access_token.hpp"

using namespace cambio::frontend::api;
using namespace std::chrono_literals;

namespace {

token_settings settings() {
  return {std::string(32, 'k'), "http://127.0.0.1:8080", "cambio-api", 900s, 30s};
}

const sys_seconds t0{std::chrono::seconds(1'800'000'000)};

std::string b64url(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

// A token signed by libjwt with any algorithm and key, and any claims.
std::string forge(jwt_alg_t alg, const std::string& key, const nlohmann::json& claims) {
  jwt_t* raw = nullptr;
  REQUIRE(jwt_new(&raw) == 0);
  REQUIRE(jwt_add_grants_json(raw, claims.dump().c_str()) == 0);
  REQUIRE(jwt_set_alg(raw, alg,
                      key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
                      static_cast<int>(key.size())) == 0);
  char* encoded = jwt_encode_str(raw);
  std::string token = encoded;
  free(encoded);  // NOLINT
  jwt_free(raw);
  return token;
}

nlohmann::json good_claims() {
  return {{"sub", "42"},
          {"iss", settings().issuer},
          {"aud", "cambio-api"},
          {"iat", 1'800'000'000},
          {"exp", 1'800'000'900}};
}

token_problem problem_of(const std::string& token, sys_seconds now = t0) {
  const auto r = check_access_token(settings(), token, now);
  REQUIRE(std::holds_alternative<token_problem>(r));
  return std::get<token_problem>(r);
}

}  // namespace

TEST_CASE("an issued token checks out with its claims", "[api][jwt]") {
  const auto token = issue_access_token(settings(), 42, t0);
  const auto r = check_access_token(settings(), token, t0 + 899s);
  REQUIRE(std::holds_alternative<access_claims>(r));
  const auto& c = std::get<access_claims>(r);
  CHECK(c.user_id == 42);
  CHECK(c.issued_at == t0);
  CHECK(c.expires_at == t0 + 900s);
}

TEST_CASE("expiry holds, with the leeway and no more", "[api][jwt]") {
  const auto token = issue_access_token(settings(), 42, t0);
  CHECK(std::holds_alternative<access_claims>(check_access_token(settings(), token, t0 + 929s)));
  CHECK(problem_of(token, t0 + 930s) == token_problem::expired);
  CHECK(problem_of(token, t0 + 24h) == token_problem::expired);
}

TEST_CASE("a token from the future is not valid yet", "[api][jwt]") {
  const auto token = issue_access_token(settings(), 42, t0 + 1h);
  CHECK(problem_of(token, t0) == token_problem::not_yet_valid);
  auto claims = good_claims();
  claims["nbf"] = 1'800'000'600;
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::not_yet_valid);
}

TEST_CASE("alg none is refused before any signature check", "[api][jwt]") {
  CHECK(problem_of(forge(JWT_ALG_NONE, "", good_claims())) == token_problem::algorithm_not_allowed);
  // Hand-made: header {"alg":"none"} with an empty signature, and with our key's signature.
  const auto payload = b64url(good_claims().dump());
  CHECK(problem_of(b64url(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".") ==
        token_problem::algorithm_not_allowed);
  const auto genuine = issue_access_token(settings(), 42, t0);
  const auto signature = genuine.substr(genuine.rfind('.'));
  CHECK(problem_of(b64url(R"({"alg":"none"})") + "." + payload + signature) ==
        token_problem::algorithm_not_allowed);
  CHECK(problem_of(b64url(R"({"alg":"NONE"})") + "." + payload + ".") ==
        token_problem::algorithm_not_allowed);
}

TEST_CASE("other algorithms are refused even with our key", "[api][jwt]") {
  CHECK(problem_of(forge(JWT_ALG_HS512, settings().key, good_claims())) ==
        token_problem::algorithm_not_allowed);
  CHECK(problem_of(forge(JWT_ALG_HS384, settings().key, good_claims())) ==
        token_problem::algorithm_not_allowed);
}

TEST_CASE("a wrong key or a tampered payload fails the signature", "[api][jwt]") {
  CHECK(problem_of(forge(JWT_ALG_HS256, std::string(32, 'x'), good_claims())) ==
        token_problem::bad_signature);
  const auto genuine = issue_access_token(settings(), 42, t0);
  auto claims = good_claims();
  claims["sub"] = "1";  // someone else
  const auto first_dot = genuine.find('.');
  const auto last_dot = genuine.rfind('.');
  const auto tampered =
      genuine.substr(0, first_dot + 1) + b64url(claims.dump()) + genuine.substr(last_dot);
  CHECK(problem_of(tampered) == token_problem::bad_signature);
}

TEST_CASE("issuer and audience must be ours", "[api][jwt]") {
  auto claims = good_claims();
  claims["iss"] = "https://elsewhere.example";
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::wrong_issuer);
  claims = good_claims();
  claims.erase("iss");
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::wrong_issuer);
  claims = good_claims();
  claims["aud"] = "another-api";
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::wrong_audience);
  claims["aud"] = nlohmann::json::array({"another-api", "cambio-api"});
  CHECK(std::holds_alternative<access_claims>(
      check_access_token(settings(), forge(JWT_ALG_HS256, settings().key, claims), t0)));
}

TEST_CASE("garbage and missing claims are malformed", "[api][jwt]") {
  CHECK(problem_of("") == token_problem::malformed);
  CHECK(problem_of("not-a-token") == token_problem::malformed);
  CHECK(problem_of("a.b.c") == token_problem::malformed);
  CHECK(problem_of(std::string(5000, 'a')) == token_problem::malformed);
  for (const char* claim : {"sub", "exp", "aud"}) {
    auto claims = good_claims();
    claims.erase(claim);
    INFO(claim);
    CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::malformed);
  }
  auto claims = good_claims();
  claims["sub"] = "42abc";
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::malformed);
  claims["sub"] = "-3";
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::malformed);
  claims = good_claims();
  claims["exp"] = "tomorrow";
  CHECK(problem_of(forge(JWT_ALG_HS256, settings().key, claims)) == token_problem::malformed);
}
