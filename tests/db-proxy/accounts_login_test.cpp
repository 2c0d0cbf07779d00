// db.accounts.credentials, db.accounts.login_result and db.sessions.* through the broker against
// the db-proxy executable and a real PostgreSQL: a login by username or by email in any case; the
// throttle per account and per client address, and its lockout ending (timestamps moved, never
// slept); sessions' idle and absolute expiry, revocation and rotation at login.

#include <string>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::hash_of;
using nlohmann::json;

namespace {

json credentials(accounts_stack& s, const std::string& login,
                 const std::string& address = "203.0.113.7") {
  return s.call("db.accounts.credentials", {{"login", login}, {"address", address}});
}

json login_result(accounts_stack& s, const std::string& login, const std::string& address,
                  const json& user_id, bool success) {
  json params = {{"login", login},    {"address", address}, {"success", success},
                 {"max_failures", 5}, {"window_s", 900},    {"lockout_s", 900}};
  if (!user_id.is_null()) params["user_id"] = user_id;
  return s.call("db.accounts.login_result", params);
}

json new_session(const std::string& label, std::int64_t user_id, int idle_s = 1800,
                 int absolute_s = 43200) {
  return {{"session_hash", hash_of(label)},
          {"user_id", user_id},
          {"csrf_token", "csrf_" + label + "_0123456789abcdefghijklmnop"},
          {"idle_s", idle_s},
          {"absolute_s", absolute_s}};
}

}  // namespace

TEST_CASE("credentials: by username, by email in another case, null for nobody",
          "[accounts][integration]") {
  accounts_stack s;
  s.call("db.accounts.register", s.registration("judy", "Judy@Example.org", hash_of("j")));

  const auto by_name = credentials(s, "judy");
  REQUIRE(by_name["user"].is_object());
  CHECK(by_name["user"]["username"] == "judy");
  CHECK(by_name["user"]["email"] == "Judy@Example.org");
  CHECK(by_name["user"]["status"] == "pending");
  CHECK(by_name["user"]["password_hash"] == cambio::testing::k_password_hash);
  CHECK(by_name["retry_after_s"] == 0);

  CHECK(credentials(s, "jUDY@example.ORG")["user"] == by_name["user"]);
  s.call("db.accounts.verify", {{"token_hash", hash_of("j")}});
  CHECK(credentials(s, "judy@example.org")["user"]["status"] == "active");

  CHECK(credentials(s, "nobody")["user"].is_null());
  CHECK(credentials(s, "judy@example.net")["user"].is_null());
  // Not a username and not an email: the schema refuses it.
  CHECK(s.fail("db.accounts.credentials", {{"login", "Judy Smith"}, {"address", "203.0.113.7"}})
            .code == rmqrpc::errc::invalid_argument);
}

TEST_CASE("failed logins lock the account, wherever they come from, until the lockout ends",
          "[accounts][integration]") {
  accounts_stack s;
  const auto kim = s.active_user("kim", "kim@example.org");
  // Four failures from four addresses: not yet.
  for (int i = 1; i <= 4; ++i) {
    CHECK(login_result(s, "kim", "198.51.100." + std::to_string(i), kim, false)["retry_after_s"] ==
          0);
  }
  CHECK(credentials(s, "kim", "192.0.2.1")["retry_after_s"] == 0);
  // The fifth within the window locks the account for the lockout.
  const auto locked = login_result(s, "kim", "198.51.100.5", kim, false)["retry_after_s"];
  CHECK(locked.get<int>() > 890);
  CHECK(locked.get<int>() <= 900);
  // From any address, by username or email.
  CHECK(credentials(s, "kim", "192.0.2.99")["retry_after_s"].get<int>() > 0);
  CHECK(credentials(s, "KIM@example.org", "2001:db8::5")["retry_after_s"].get<int>() > 0);
  // Another account from the same address is not locked.
  s.active_user("leo", "leo@example.org");
  CHECK(credentials(s, "leo", "192.0.2.99")["retry_after_s"] == 0);

  // Further failures while locked do not extend the lockout.
  const auto until = [&] {
    return s.sql("SELECT locked_until::text FROM login_failures WHERE scope = 'account'")[0][0]
        .as<std::string>();
  };
  const auto locked_until = until();
  login_result(s, "kim", "198.51.100.6", kim, false);
  CHECK(until() == locked_until);

  // The lockout ends (moved into the past): allowed again, and the next failure starts afresh.
  s.sql(
      "UPDATE login_failures SET window_start = window_start - interval '16 minutes', "
      "locked_until = locked_until - interval '16 minutes'");
  CHECK(credentials(s, "kim", "192.0.2.99")["retry_after_s"] == 0);
  CHECK(login_result(s, "kim", "192.0.2.99", kim, false)["retry_after_s"] == 0);
  CHECK(s.sql("SELECT failures FROM login_failures WHERE scope = 'account'")[0][0].as<int>() == 1);
}

TEST_CASE("failures outside the window do not add up, a success clears the account's",
          "[accounts][integration]") {
  accounts_stack s;
  const auto mia = s.active_user("mia", "mia@example.org");
  for (int i = 0; i < 4; ++i) login_result(s, "mia", "198.51.100." + std::to_string(i), mia, false);
  // The window passes: the fifth failure opens a new window instead of locking.
  s.sql("UPDATE login_failures SET window_start = window_start - interval '15 minutes'");
  CHECK(login_result(s, "mia", "198.51.100.9", mia, false)["retry_after_s"] == 0);
  CHECK(s.sql("SELECT failures FROM login_failures WHERE scope = 'account'")[0][0].as<int>() == 1);

  for (int i = 0; i < 3; ++i) login_result(s, "mia", "198.51.100.10", mia, false);
  CHECK(login_result(s, "mia", "198.51.100.11", mia, true)["retry_after_s"] == 0);
  CHECK(s.sql("SELECT count(*) FROM login_failures WHERE scope = 'account'")[0][0].as<int>() == 0);
  // Four more failures after the success: still not locked (the count started over).
  for (int i = 0; i < 4; ++i) {
    CHECK(login_result(s, "mia", "198.51.100." + std::to_string(20 + i), mia,
                       false)["retry_after_s"] == 0);
  }
}

TEST_CASE("failed logins lock the client address, for known and unknown accounts alike",
          "[accounts][integration]") {
  accounts_stack s;
  const auto ned = s.active_user("ned", "ned@example.org");
  const std::string address = "2001:db8::bad";
  for (int i = 0; i < 4; ++i) {
    CHECK(login_result(s, "ghost" + std::to_string(i), address, nullptr, false)["retry_after_s"] ==
          0);
  }
  CHECK(login_result(s, "ned", address, ned, false)["retry_after_s"].get<int>() > 0);
  // The address is refused for everyone, even an account with no failures of its own...
  s.active_user("olga", "olga@example.org");
  CHECK(credentials(s, "olga", address)["retry_after_s"].get<int>() > 0);
  CHECK(credentials(s, "nobody_here", address)["retry_after_s"].get<int>() > 0);
  // ...and only that address.
  CHECK(credentials(s, "olga", "2001:db8::1")["retry_after_s"] == 0);
  // Ned's own count is 1: a success from elsewhere clears it, not the address's lockout.
  login_result(s, "ned", "192.0.2.10", ned, true);
  CHECK(credentials(s, "ned", address)["retry_after_s"].get<int>() > 0);
  CHECK(credentials(s, "ned", "192.0.2.10")["retry_after_s"] == 0);
}

TEST_CASE("sessions: get extends the idle expiry, never past the absolute one",
          "[accounts][integration]") {
  accounts_stack s;
  const auto pat = s.active_user("pat", "pat@example.org");
  const auto created = s.call("db.sessions.create", new_session("p1", pat));
  CHECK(created["expires_at"].is_string());

  const auto got = s.call("db.sessions.get", {{"session_hash", hash_of("p1")}});
  CHECK(got["user_id"] == pat);
  CHECK(got["username"] == "pat");
  CHECK(got["email"] == "pat@example.org");
  CHECK(got["default_currency"] == "EUR");
  CHECK(got["csrf_token"] == new_session("p1", pat)["csrf_token"]);

  // Idle for 20 of 30 minutes: a use moves the idle expiry forward again.
  s.sql(
      "UPDATE sessions SET created_at = created_at - interval '20 minutes', "
      "idle_expires_at = idle_expires_at - interval '20 minutes', "
      "absolute_expires_at = absolute_expires_at - interval '20 minutes'");
  s.call("db.sessions.get", {{"session_hash", hash_of("p1")}});
  CHECK(s.sql("SELECT idle_expires_at > now() + interval '29 minutes' FROM sessions")[0][0]
            .as<bool>());

  // Idle past the expiry: not_found.
  s.sql(
      "UPDATE sessions SET created_at = created_at - interval '31 minutes', "
      "idle_expires_at = idle_expires_at - interval '31 minutes', "
      "absolute_expires_at = absolute_expires_at - interval '31 minutes'");
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("p1")}}).code ==
        rmqrpc::errc::not_found);

  // Near the absolute expiry: a use extends only up to it.
  s.call("db.sessions.create", new_session("p2", pat));
  s.sql(
      "UPDATE sessions SET created_at = now() - interval '11 hours 50 minutes', "
      "absolute_expires_at = now() + interval '10 minutes', "
      "idle_expires_at = now() + interval '5 minutes' WHERE session_hash = $1",
      hash_of("p2"));
  s.call("db.sessions.get", {{"session_hash", hash_of("p2")}});
  CHECK(s.sql("SELECT idle_expires_at = absolute_expires_at FROM sessions WHERE session_hash = $1",
              hash_of("p2"))[0][0]
            .as<bool>());
  // Past the absolute expiry: not_found.
  s.sql(
      "UPDATE sessions SET idle_expires_at = now() - interval '1 second', "
      "absolute_expires_at = now() - interval '1 second' WHERE session_hash = $1",
      hash_of("p2"));
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("p2")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("never")}}).code ==
        rmqrpc::errc::not_found);
}

TEST_CASE("sessions: revoke, rotation through `replaces`, bad requests",
          "[accounts][integration]") {
  accounts_stack s;
  const auto quinn = s.active_user("quinn", "quinn@example.org");
  s.call("db.sessions.create", new_session("q1", quinn));
  CHECK(s.call("db.sessions.revoke", {{"session_hash", hash_of("q1")}}) == json{{"revoked", true}});
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("q1")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.call("db.sessions.revoke", {{"session_hash", hash_of("q1")}}) ==
        json{{"revoked", false}});
  CHECK(s.call("db.sessions.revoke", {{"session_hash", hash_of("never")}}) ==
        json{{"revoked", false}});

  // Login rotates: the new session replaces the old one in the same transaction.
  s.call("db.sessions.create", new_session("q2", quinn));
  auto rotated = new_session("q3", quinn);
  rotated["replaces"] = hash_of("q2");
  s.call("db.sessions.create", rotated);
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("q2")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("q3")}})["user_id"] == quinn);

  // A retry of the same create answers the session held; the hash for another user is refused.
  CHECK(s.call("db.sessions.create", new_session("q3", quinn))["expires_at"].is_string());
  const auto rita = s.active_user("rita", "rita@example.org");
  CHECK(s.fail("db.sessions.create", new_session("q3", rita)).code == rmqrpc::errc::already_exists);
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("q3")}})["user_id"] == quinn);

  // A failed create revokes nothing: an unknown user, an idle expiry past the absolute one.
  auto unknown_user = new_session("q4", 999999);
  unknown_user["replaces"] = hash_of("q3");
  CHECK(s.fail("db.sessions.create", unknown_user).code == rmqrpc::errc::not_found);
  auto inverted = new_session("q4", quinn, 7200, 3600);
  inverted["replaces"] = hash_of("q3");
  const auto f = s.fail("db.sessions.create", inverted);
  CHECK(f.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(f.message, Catch::Contains("idle_s"));
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("q3")}})["user_id"] == quinn);
  CHECK(s.fail("db.sessions.create", new_session("q5", quinn, 30)).code ==
        rmqrpc::errc::invalid_argument);
}
