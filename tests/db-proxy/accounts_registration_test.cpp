// db.accounts.register, db.accounts.verify and db.accounts.resend through the broker against the
// db-proxy executable and a real PostgreSQL: every registration outcome queues exactly one mail of
// the right template (and announces it), concurrent duplicate registrations end with one account,
// a verification link is single use and expires, resends are throttled and only for pending users.

#include <future>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::hash_of;
using nlohmann::json;

TEST_CASE("each registration outcome queues exactly one mail, in the same transaction",
          "[accounts][integration]") {
  accounts_stack s;

  // created: a pending user and verify_email with the link and its expiry.
  const auto created =
      s.call("db.accounts.register", s.registration("alice", "Alice@Example.org", hash_of("a1")));
  CHECK(created["outcome"] == "created");
  REQUIRE(created.contains("user_id"));
  auto mails = s.outbox();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["template"] == "verify_email");
  CHECK(mails[0]["recipient"] == "Alice@Example.org");
  CHECK(mails[0]["params"]["username"] == "alice");
  CHECK(mails[0]["params"]["verify_url"] == "https://cambio.test/verify?token=raw-alice");
  CHECK_THAT(mails[0]["params"]["expires_at"].get<std::string>(),
             Catch::Matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  CHECK(s.sql("SELECT status FROM users WHERE id = $1", created["user_id"].get<long>())[0][0]
            .as<std::string>() == "pending");
  const auto expiry_s =
      s.sql(
           "SELECT extract(epoch FROM expires_at - created_at)::int FROM email_verifications")[0][0]
          .as<int>();
  CHECK(expiry_s == 86400);

  // email_exists (another case, another username): already_registered to the account's address,
  // naming the account's username; no second user.
  const auto again =
      s.call("db.accounts.register", s.registration("alice2", "aLiCe@example.ORG", hash_of("a2")));
  CHECK(again == json{{"outcome", "email_exists"}});
  mails = s.outbox();
  REQUIRE(mails.size() == 2);
  CHECK(mails[1]["template"] == "already_registered");
  CHECK(mails[1]["recipient"] == "Alice@Example.org");
  CHECK(mails[1]["params"] == json{{"username", "alice"},
                                   {"login_url", "https://cambio.test/login"},
                                   {"resend_url", "https://cambio.test/verify/resend"}});

  // username_taken: the email is new, the username is not; no account, a mail to the new email.
  const auto taken =
      s.call("db.accounts.register", s.registration("alice", "bob@example.org", hash_of("a3")));
  CHECK(taken == json{{"outcome", "username_taken"}});
  mails = s.outbox();
  REQUIRE(mails.size() == 3);
  CHECK(mails[2]["template"] == "username_taken");
  CHECK(mails[2]["recipient"] == "bob@example.org");
  CHECK(mails[2]["params"] ==
        json{{"requested_username", "alice"}, {"register_url", "https://cambio.test/register"}});

  // Both taken: the email's owner hears of it.
  CHECK(s.call("db.accounts.register", s.registration("alice", "ALICE@example.org",
                                                      hash_of("a4")))["outcome"] == "email_exists");
  CHECK(s.outbox().size() == 4);
  CHECK(s.sql("SELECT count(*) FROM users")[0][0].as<int>() == 1);
  CHECK(s.sql("SELECT count(*) FROM email_verifications")[0][0].as<int>() == 1);
  CHECK(s.wait_announced(4));
}

TEST_CASE("a registration that fails writes no mail", "[accounts][integration]") {
  accounts_stack s;
  s.call("db.accounts.register", s.registration("carol", "carol@example.org", hash_of("c1")));
  // The same verification token hash for another registration: refused, nothing written.
  const auto f =
      s.fail("db.accounts.register", s.registration("dave", "dave@example.org", hash_of("c1")));
  CHECK(f.code == rmqrpc::errc::already_exists);
  CHECK(s.outbox().size() == 1);
  CHECK(s.sql("SELECT count(*) FROM users WHERE username = 'dave'")[0][0].as<int>() == 0);

  // Bad input is refused by the schema before the handler, naming the problem.
  auto bad = s.registration("Dave", "dave@example.org", hash_of("c2"));
  const auto upper = s.fail("db.accounts.register", bad);
  CHECK(upper.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(upper.message, Catch::Contains("/username"));
  bad = s.registration("dave", "dave@example.org", hash_of("c2"));
  bad["password_hash"] = "plain-text-password";
  CHECK(s.fail("db.accounts.register", bad).code == rmqrpc::errc::invalid_argument);
  CHECK(s.outbox().size() == 1);
}

TEST_CASE("concurrent registrations of one username or email: one account, the right outcomes",
          "[accounts][integration]") {
  accounts_stack s;
  constexpr int n = 8;
  // Same email (in different cases), different usernames.
  std::vector<std::future<json>> same_email;
  for (int i = 0; i < n; ++i) {
    same_email.push_back(s.call_async(
        "db.accounts.register",
        s.registration("mail_" + std::to_string(i), i % 2 ? "race@example.org" : "RACE@example.org",
                       hash_of("e" + std::to_string(i)))));
  }
  std::multiset<std::string> outcomes;
  for (auto& f : same_email) outcomes.insert(f.get()["outcome"].get<std::string>());
  CHECK(outcomes.count("created") == 1);
  CHECK(outcomes.count("email_exists") == n - 1);

  // Same username, different emails.
  std::vector<std::future<json>> same_name;
  for (int i = 0; i < n; ++i) {
    same_name.push_back(
        s.call_async("db.accounts.register",
                     s.registration("race_name", "u" + std::to_string(i) + "@example.org",
                                    hash_of("u" + std::to_string(i)))));
  }
  outcomes.clear();
  for (auto& f : same_name) outcomes.insert(f.get()["outcome"].get<std::string>());
  CHECK(outcomes.count("created") == 1);
  CHECK(outcomes.count("username_taken") == n - 1);

  CHECK(s.sql("SELECT count(*) FROM users")[0][0].as<int>() == 2);
  const auto per_template =
      s.sql("SELECT template, count(*) FROM mail_outbox GROUP BY template ORDER BY template");
  REQUIRE(per_template.size() == 3);
  CHECK(per_template[0][0].as<std::string>() == "already_registered");
  CHECK(per_template[0][1].as<int>() == n - 1);
  CHECK(per_template[1][0].as<std::string>() == "username_taken");
  CHECK(per_template[1][1].as<int>() == n - 1);
  CHECK(per_template[2][0].as<std::string>() == "verify_email");
  CHECK(per_template[2][1].as<int>() == 2);
}

TEST_CASE("a verification link is single use, and expires", "[accounts][integration]") {
  accounts_stack s;
  const auto user = s.call("db.accounts.register",
                           s.registration("erin", "erin@example.org", hash_of("v1")))["user_id"];

  const auto verified = s.call("db.accounts.verify", {{"token_hash", hash_of("v1")}});
  CHECK(verified == json{{"user_id", user}, {"username", "erin"}});
  CHECK(s.sql("SELECT status, verified_at IS NOT NULL FROM users")[0][0].as<std::string>() ==
        "active");

  // Used: not_found, like a token never issued.
  CHECK(s.fail("db.accounts.verify", {{"token_hash", hash_of("v1")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.fail("db.accounts.verify", {{"token_hash", hash_of("never")}}).code ==
        rmqrpc::errc::not_found);

  // Expired (moved into the past): failed_precondition saying so, and the user stays pending.
  s.call("db.accounts.register", s.registration("frank", "frank@example.org", hash_of("v2")));
  s.sql(
      "UPDATE email_verifications SET created_at = created_at - interval '25 hours', "
      "expires_at = expires_at - interval '25 hours' WHERE token_hash = $1",
      hash_of("v2"));
  const auto expired = s.fail("db.accounts.verify", {{"token_hash", hash_of("v2")}});
  CHECK(expired.code == rmqrpc::errc::failed_precondition);
  CHECK_THAT(expired.message, Catch::Contains("expired"));
  CHECK(s.sql("SELECT status FROM users WHERE username = 'frank'")[0][0].as<std::string>() ==
        "pending");
  CHECK(s.sql("SELECT used_at IS NULL FROM email_verifications WHERE token_hash = $1",
              hash_of("v2"))[0][0]
            .as<bool>());
}

TEST_CASE("two uses of one verification link at once: one verifies, the other is not_found",
          "[accounts][integration]") {
  accounts_stack s;
  s.call("db.accounts.register", s.registration("gina", "gina@example.org", hash_of("g1")));
  auto first = s.call_async("db.accounts.verify", {{"token_hash", hash_of("g1")}});
  auto second = s.call_async("db.accounts.verify", {{"token_hash", hash_of("g1")}});
  int ok = 0;
  int not_found = 0;
  for (auto* f : {&first, &second}) {
    try {
      f->get();
      ++ok;
    } catch (const rmqrpc::error& e) {
      if (e.code() == rmqrpc::errc::not_found) ++not_found;
    }
  }
  CHECK(ok == 1);
  CHECK(not_found == 1);
}

TEST_CASE("resend: only to pending users, at most max_per_hour, earlier links stay valid",
          "[accounts][integration]") {
  accounts_stack s;
  s.call("db.accounts.register", s.registration("hank", "Hank@example.org", hash_of("h0")));
  const auto resend = [&](const std::string& token, int max_per_hour = 3,
                          const std::string& email = "hank@EXAMPLE.org") {
    return s.call("db.accounts.resend",
                  {{"email", email},
                   {"token_hash", hash_of(token)},
                   {"verify_url", "https://cambio.test/verify?token=" + token},
                   {"expires_in_s", 86400},
                   {"max_per_hour", max_per_hour}})["outcome"];
  };

  CHECK(resend("h1") == "sent");
  auto mails = s.outbox();
  REQUIRE(mails.size() == 2);
  CHECK(mails[1]["template"] == "verify_email");
  CHECK(mails[1]["recipient"] == "Hank@example.org");
  CHECK(mails[1]["params"]["username"] == "hank");
  CHECK(mails[1]["params"]["verify_url"] == "https://cambio.test/verify?token=h1");

  // A retry of the same resend (same token): answered, no second mail.
  CHECK(resend("h1") == "sent");
  CHECK(s.outbox().size() == 2);

  CHECK(resend("h2") == "sent");  // the registration's, h1, h2: three this hour
  CHECK(resend("h3") == "throttled");
  CHECK(s.outbox().size() == 3);
  CHECK(s.wait_announced(3));

  // An hour later (moved), one more is allowed.
  s.sql(
      "UPDATE email_verifications SET created_at = created_at - interval '61 minutes', "
      "expires_at = expires_at - interval '61 minutes' WHERE token_hash = $1",
      hash_of("h0"));
  CHECK(resend("h3") == "sent");
  CHECK(resend("h4") == "throttled");

  // Every link sent is valid until it expires: the first still verifies.
  CHECK(s.call("db.accounts.verify", {{"token_hash", hash_of("h1")}})["username"] == "hank");

  // Active now: not_pending (and no mail); an unknown email likewise.
  CHECK(resend("h5") == "not_pending");
  CHECK(resend("h6", 3, "nobody@example.org") == "not_pending");
  CHECK(s.outbox().size() == 4);

  // A token already held by another user's link is refused.
  s.call("db.accounts.register", s.registration("ivan", "ivan@example.org", hash_of("i0")));
  CHECK(s.fail("db.accounts.resend", {{"email", "ivan@example.org"},
                                      {"token_hash", hash_of("h1")},
                                      {"verify_url", "https://cambio.test/verify?token=x"},
                                      {"expires_in_s", 86400},
                                      {"max_per_hour", 3}})
            .code == rmqrpc::errc::already_exists);
}
