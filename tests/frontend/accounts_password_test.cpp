// Argon2id hashing and the password policy (accounts/password.hpp).

#include <catch2/catch.hpp>

#include "accounts/password.hpp"

using namespace cambio::frontend::accounts;

TEST_CASE("a hash is Argon2id with at least OWASP's parameters and verifies its password only",
          "[accounts][password]") {
  const auto hash = hash_password("correct horse battery staple");
  CHECK_THAT(hash, Catch::StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  CHECK(verify_password("correct horse battery staple", hash));
  CHECK_FALSE(verify_password("correct horse battery stapl", hash));
  CHECK_FALSE(verify_password("", hash));
  // A new salt each time.
  CHECK(hash_password("correct horse battery staple") != hash);
}

TEST_CASE("a malformed stored hash never verifies", "[accounts][password]") {
  CHECK_FALSE(verify_password("x", ""));
  CHECK_FALSE(verify_password("x", "not a hash"));
  CHECK_FALSE(verify_password("x", std::string(500, 'a')));
}

TEST_CASE("the dummy verification refuses every password", "[accounts][password]") {
  CHECK_FALSE(verify_against_dummy("anything at all"));
  CHECK_FALSE(verify_against_dummy(""));
}

TEST_CASE("passwords shorter than 10 characters are refused, counted in characters",
          "[accounts][password]") {
  const auto p = password_problem("Xk9#mQ2!z", {});
  REQUIRE(p);
  CHECK_THAT(*p, Catch::Contains("at least 10 characters"));
  // Ten characters of which several take two bytes: long enough.
  CHECK_FALSE(password_problem("ÄöüßéèñçÆø", {}) ==
              std::optional<std::string>("The password must be at least 10 characters long."));
}

TEST_CASE("common and patterned passwords are refused with a clear message",
          "[accounts][password]") {
  for (const char* weak : {"password123", "qwertyuiop", "1234567890", "iloveyou123", "aaaaaaaaaaaa",
                           "abcdefghijk", "letmein2024!", "summer2023"}) {
    INFO(weak);
    const auto p = password_problem(weak, {});
    REQUIRE(p);
    CHECK_THAT(*p, Catch::Contains("too easy to guess"));
  }
}

TEST_CASE("a password built from the username or email is refused", "[accounts][password]") {
  CHECK(password_problem("aliceliddell1", {"aliceliddell", "alice@example.com"}));
  CHECK(password_problem("wonderland99", {"alice", "wonderland99@example.com"}));
  // The user's own words lower the estimate.
  CHECK(password_entropy_bits("aliceliddell1", {"aliceliddell"}) <
        password_entropy_bits("aliceliddell1", {"bob"}));
}

TEST_CASE("long or random passwords pass", "[accounts][password]") {
  CHECK_FALSE(password_problem("correct horse battery staple", {"alice"}));
  CHECK_FALSE(password_problem("kP9#vL2!qZ", {}));
  CHECK_FALSE(password_problem("xkcd-staple-horse-9", {"alice"}));
}

TEST_CASE("passwords over 1024 bytes and with NUL are refused", "[accounts][password]") {
  const auto p = password_problem(std::string(1025, 'x'), {});
  REQUIRE(p);
  CHECK_THAT(*p, Catch::Contains("at most 1024"));
  CHECK(password_problem(std::string("correct horse\0battery", 21), {}));
}
