// Random tokens, their hashes, HMAC and constant-time comparison (accounts/secret_token.hpp), and
// the CSRF tokens built on them (accounts/csrf.hpp).

#include <set>

#include <catch2/catch.hpp>

#include "accounts/csrf.hpp"
#include "accounts/secret_token.hpp"

using namespace cambio::frontend::accounts;

TEST_CASE("a token is 43 base64url characters, its hash the sha256 hex of it",
          "[accounts][token]") {
  const auto t = new_secret_token();
  CHECK(t.token.size() == 43);
  CHECK(is_token_shaped(t.token));
  CHECK(t.hash == sha256_hex(t.token));
  CHECK(t.hash.size() == 64);
  CHECK(t.hash.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("tokens do not repeat", "[accounts][token]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(new_secret_token().token);
  CHECK(seen.size() == 1000);
}

TEST_CASE("sha256 and HMAC-SHA-256 match the standard test vectors", "[accounts][token]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843.
  CHECK(hmac_sha256_base64url("Jefe", "what do ya want for nothing?") ==
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM");
}

TEST_CASE("base64url has no padding and uses - and _", "[accounts][token]") {
  CHECK(to_base64url(std::string("\xfb\xff", 2)) == "-_8");
  CHECK(to_base64url("a") == "YQ");
}

TEST_CASE("only 43 characters of the base64url alphabet are token-shaped", "[accounts][token]") {
  CHECK(is_token_shaped(std::string(43, 'A')));
  CHECK(is_token_shaped("abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE"));
  CHECK_FALSE(is_token_shaped(std::string(42, 'A')));
  CHECK_FALSE(is_token_shaped(std::string(44, 'A')));
  CHECK_FALSE(is_token_shaped(std::string(42, 'A') + "="));
  CHECK_FALSE(is_token_shaped(std::string(42, 'A') + "/"));
  CHECK_FALSE(is_token_shaped(""));
}

TEST_CASE("secrets compare equal only when identical and non-empty", "[accounts][token]") {
  CHECK(equal_secrets("abc", "abc"));
  CHECK_FALSE(equal_secrets("abc", "abd"));
  CHECK_FALSE(equal_secrets("abc", "abcd"));
  CHECK_FALSE(equal_secrets("", ""));
}

TEST_CASE("an anonymous CSRF token is bound to the nonce and the key", "[accounts][csrf]") {
  const std::string key(48, 'k');
  const auto nonce = new_secret_token().token;
  const auto token = anonymous_csrf_token(key, nonce);
  CHECK(token == anonymous_csrf_token(key, nonce));
  CHECK(token != anonymous_csrf_token(key, new_secret_token().token));
  CHECK(token != anonymous_csrf_token(std::string(48, 'K'), nonce));
  // It is not the nonce itself: a page that leaks the token leaks no cookie.
  CHECK(token != nonce);
}

TEST_CASE("the CSRF check accepts the expected token only", "[accounts][csrf]") {
  const auto expected = new_secret_token().token;
  CHECK(csrf_accepted(expected, expected));
  CHECK_FALSE(csrf_accepted(expected, ""));
  CHECK_FALSE(csrf_accepted(expected, expected.substr(1)));
  CHECK_FALSE(csrf_accepted(expected, new_secret_token().token));
  // Without an expected token (a POST with no cookie at all) nothing passes.
  CHECK_FALSE(csrf_accepted("", ""));
  CHECK_FALSE(csrf_accepted("", expected));
}
