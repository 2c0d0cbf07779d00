// The signed one-click unsubscribe links (alerts/unsubscribe_link.hpp): a round trip, and every
// way a token can be wrong — tampered scope, tampered signature, another key, garbage.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "accounts/secret_token.hpp"
#include "alerts/unsubscribe_link.hpp"

using namespace cambio::frontend::alerts;

namespace {

const std::string k_key = unsubscribe_key("a-test-secret-key-of-at-least-32-characters");
const std::string k_public_id = "6f1c2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";

}  // namespace

TEST_CASE("a token round-trips its scope", "[alerts][unsubscribe]") {
  for (const auto& scope : {alert_scope(k_public_id), digest_scope(42)}) {
    const auto token = sign_unsubscribe_token(k_key, scope);
    CHECK(token.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
          std::string::npos);
    CHECK(verify_unsubscribe_token(k_key, token) == scope);
  }
  // The token is base64url(scope) "." base64url(HMAC-SHA-256(key, label NUL scope)).
  const auto scope = alert_scope(k_public_id);
  std::string message = "cambio-unsubscribe";
  message.push_back('\0');
  message += scope;
  CHECK(sign_unsubscribe_token(k_key, scope) ==
        cambio::frontend::accounts::to_base64url(scope) + "." +
            cambio::frontend::accounts::hmac_sha256_base64url(k_key, message));
}

TEST_CASE("a tampered scope, a tampered signature or another key is refused",
          "[alerts][unsubscribe]") {
  const auto token = sign_unsubscribe_token(k_key, digest_scope(42));
  const auto dot = token.find('.');
  // Another user's digest with the signature of user 42's.
  const auto forged =
      cambio::frontend::accounts::to_base64url(digest_scope(43)) + token.substr(dot);
  CHECK_FALSE(verify_unsubscribe_token(k_key, forged));
  // One character of the signature changed.
  auto flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(verify_unsubscribe_token(k_key, flipped));
  // The signature cut short or missing.
  CHECK_FALSE(verify_unsubscribe_token(k_key, token.substr(0, token.size() - 1)));
  CHECK_FALSE(verify_unsubscribe_token(k_key, token.substr(0, dot + 1)));
  // Signed with another secret.
  const auto other = unsubscribe_key("another-secret-key-of-at-least-32-characters!");
  CHECK(other != k_key);
  CHECK_FALSE(verify_unsubscribe_token(other, token));
}

TEST_CASE("garbage is refused without throwing", "[alerts][unsubscribe]") {
  for (const std::string& bad : std::vector<std::string>{
           "", ".", "abc", ".abc", "abc.", "!!!.???", "a b.c d", "YWxlcnQ6eA==.abc",
           std::string(300, 'A') + "." + std::string(43, 'A')}) {
    INFO(bad);
    CHECK_FALSE(verify_unsubscribe_token(k_key, bad));
  }
}

TEST_CASE("scopes: an alert's UUID or a user's id, nothing else", "[alerts][unsubscribe]") {
  const auto alert = parse_scope(alert_scope(k_public_id));
  REQUIRE(alert);
  CHECK(alert->public_id == k_public_id);
  CHECK_FALSE(alert->digest_user);
  const auto digest = parse_scope(digest_scope(42));
  REQUIRE(digest);
  CHECK(digest->digest_user == 42);
  CHECK_FALSE(digest->public_id);
  for (const char* bad :
       {"alert:", "alert:12", "alert:6F1C2A3B-4C5D-4E6F-8A7B-9C0D1E2F3A4B", "digest:", "digest:0",
        "digest:-1", "digest:007", "digest:12x", "digest:9999999999999999999", "user:1", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_scope(bad));
  }
}

TEST_CASE("the link points at the public URL", "[alerts][unsubscribe]") {
  const auto url = unsubscribe_url("https://cambio.example", k_key, digest_scope(5));
  CHECK(url.rfind("https://cambio.example/alerts/unsubscribe?t=", 0) == 0);
  CHECK(verify_unsubscribe_token(k_key, url.substr(url.find("t=") + 2)) == digest_scope(5));
}
