// db.tokens.* through the broker against the db-proxy executable and a real PostgreSQL: a refresh
// token rotates within its family; a spent token presented again revokes the whole family; of two
// rotations of one token at once exactly one succeeds and the family ends revoked; a retry of the
// same rotation is answered again; expired, revoked and unknown tokens are unauthenticated.

#include <future>
#include <string>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::hash_of;
using nlohmann::json;

namespace {

constexpr int k_30_days = 2592000;

json rotation(const std::string& from, const std::string& to) {
  return {
      {"token_hash", hash_of(from)}, {"new_token_hash", hash_of(to)}, {"expires_in_s", k_30_days}};
}

json issue(accounts_stack& s, const std::string& token, std::int64_t user_id) {
  return s.call(
      "db.tokens.issue",
      {{"token_hash", hash_of(token)}, {"user_id", user_id}, {"expires_in_s", k_30_days}});
}

}  // namespace

TEST_CASE("refresh tokens rotate within their family, reuse revokes the family",
          "[accounts][integration]") {
  accounts_stack s;
  const auto yan = s.active_user("yan", "yan@example.org");
  const auto issued = issue(s, "r1", yan);
  CHECK(issued["family_id"].get<long>() >= 1);

  const auto second = s.call("db.tokens.rotate", rotation("r1", "r2"));
  CHECK(second["user_id"] == yan);
  CHECK(second["family_id"] == issued["family_id"]);
  CHECK(second["expires_at"].is_string());
  const auto third = s.call("db.tokens.rotate", rotation("r2", "r3"));
  CHECK(third["family_id"] == issued["family_id"]);

  // r1 again (a thief's copy): unauthenticated, and the family — r3 too — is revoked.
  const auto reuse = s.fail("db.tokens.rotate", rotation("r1", "thief"));
  CHECK(reuse.code == rmqrpc::errc::unauthenticated);
  CHECK_THAT(reuse.message, Catch::Contains("reused"));
  CHECK(s.fail("db.tokens.rotate", rotation("r3", "r4")).code == rmqrpc::errc::unauthenticated);
  CHECK(s.sql("SELECT revoked_reason FROM refresh_families")[0][0].as<std::string>() == "reuse");
  CHECK(s.sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = $1", hash_of("thief"))[0][0]
            .as<int>() == 0);

  // A new login starts a new family, unaffected.
  const auto next = issue(s, "n1", yan);
  CHECK(next["family_id"] != issued["family_id"]);
  CHECK(s.call("db.tokens.rotate", rotation("n1", "n2"))["family_id"] == next["family_id"]);
}

TEST_CASE("a retry of the same rotation is answered again, not taken for reuse",
          "[accounts][integration]") {
  accounts_stack s;
  const auto zoe = s.active_user("zoe", "zoe@example.org");
  issue(s, "z1", zoe);
  const auto first = s.call("db.tokens.rotate", rotation("z1", "z2"));
  CHECK(s.call("db.tokens.rotate", rotation("z1", "z2")) == first);
  // Once the successor is spent, the old pair is reuse.
  s.call("db.tokens.rotate", rotation("z2", "z3"));
  CHECK(s.fail("db.tokens.rotate", rotation("z1", "z2")).code == rmqrpc::errc::unauthenticated);
  CHECK(s.fail("db.tokens.rotate", rotation("z3", "z4")).code == rmqrpc::errc::unauthenticated);
}

TEST_CASE("two rotations of one token at once: exactly one succeeds, the family is revoked",
          "[accounts][integration]") {
  accounts_stack s;
  const auto abe = s.active_user("abe", "abe@example.org");
  issue(s, "c1", abe);
  auto a = s.call_async("db.tokens.rotate", rotation("c1", "ca"));
  auto b = s.call_async("db.tokens.rotate", rotation("c1", "cb"));
  int ok = 0;
  int refused = 0;
  for (auto* f : {&a, &b}) {
    try {
      f->get();
      ++ok;
    } catch (const rmqrpc::error& e) {
      if (e.code() == rmqrpc::errc::unauthenticated) ++refused;
    }
  }
  CHECK(ok == 1);
  CHECK(refused == 1);
  CHECK(s.sql("SELECT revoked_reason FROM refresh_families")[0][0].as<std::string>() == "reuse");
  CHECK(s.fail("db.tokens.rotate", rotation("ca", "cc")).code == rmqrpc::errc::unauthenticated);
  CHECK(s.fail("db.tokens.rotate", rotation("cb", "cc")).code == rmqrpc::errc::unauthenticated);
}

TEST_CASE("expired, revoked and unknown refresh tokens are unauthenticated, revoke is logout",
          "[accounts][integration]") {
  accounts_stack s;
  const auto bea = s.active_user("bea", "bea@example.org");
  const auto cal = s.active_user("cal", "cal@example.org");

  issue(s, "e1", bea);
  s.sql(
      "UPDATE refresh_tokens SET created_at = created_at - interval '31 days', "
      "expires_at = expires_at - interval '31 days' WHERE token_hash = $1",
      hash_of("e1"));
  const auto expired = s.fail("db.tokens.rotate", rotation("e1", "e2"));
  CHECK(expired.code == rmqrpc::errc::unauthenticated);
  CHECK_THAT(expired.message, Catch::Contains("expired"));
  CHECK(s.fail("db.tokens.rotate", rotation("unknown", "e3")).code ==
        rmqrpc::errc::unauthenticated);

  // Logout revokes the family: every token of it stops working. Other families stay.
  issue(s, "l1", bea);
  s.call("db.tokens.rotate", rotation("l1", "l2"));
  issue(s, "k1", cal);
  CHECK(s.call("db.tokens.revoke", {{"token_hash", hash_of("l1")}}) == json{{"revoked", true}});
  CHECK(s.call("db.tokens.revoke", {{"token_hash", hash_of("l2")}}) == json{{"revoked", false}});
  CHECK(s.call("db.tokens.revoke", {{"token_hash", hash_of("nope")}}) == json{{"revoked", false}});
  const auto revoked = s.fail("db.tokens.rotate", rotation("l2", "l3"));
  CHECK(revoked.code == rmqrpc::errc::unauthenticated);
  CHECK_THAT(revoked.message, Catch::Contains("revoked"));
  CHECK(s.call("db.tokens.rotate", rotation("k1", "k2"))["user_id"] == cal);

  // A hash already held, an unknown user: refused, nothing created.
  CHECK(s.fail("db.tokens.issue",
               {{"token_hash", hash_of("k2")}, {"user_id", bea}, {"expires_in_s", k_30_days}})
            .code == rmqrpc::errc::already_exists);
  CHECK(s.fail("db.tokens.issue",
               {{"token_hash", hash_of("x1")}, {"user_id", 999999}, {"expires_in_s", k_30_days}})
            .code == rmqrpc::errc::not_found);
  CHECK(s.fail("db.tokens.rotate", rotation("k2", "l1")).code == rmqrpc::errc::already_exists);
  CHECK(s.call("db.tokens.rotate", rotation("k2", "k3"))["user_id"] == cal);
  CHECK(s.sql("SELECT count(*) FROM refresh_families")[0][0].as<int>() == 3);
}
