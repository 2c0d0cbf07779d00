// The mailer process against the real broker, db-proxy, PostgreSQL and the SMTP sink of
// tests/infra: mails queued in the outbox arrive in the sink's Maildir with the right headers and
// both parts, over one SMTP connection, woken by mail.queued (the poll is set far out); a mail
// that cannot render is dead at once with a clear error and comes back with db.mail.retry.

#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "mail_stack.hpp"

using namespace cambio::testing;
using nlohmann::json;
using std::chrono::seconds;

namespace {

std::filesystem::path infra_maildir() { return infra::get().mail_dir; }
std::uint16_t infra_smtp_port() {
  return static_cast<std::uint16_t>(std::stoi(infra::get().smtp_port));
}

json health(mail_stack& stack) {
  return stack.call("mail.health", json::object(), std::chrono::milliseconds(2000));
}

bool mailer_up(mail_stack& stack) {
  return eventually(
      [&] {
        try {
          return health(stack)["healthy"] == true;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      seconds(30));
}

}  // namespace

TEST_CASE("queued mails arrive with correct headers and both parts, over one connection",
          "[mailer][integration]") {
  mail_stack stack;
  // Only mail.queued wakes the mailer within this test: its poll is an hour away.
  stack.start_mailer(infra_smtp_port(), {{"CAMBIO_MAIL_POLL_MS", "3600000"}});
  REQUIRE(mailer_up(stack));

  const auto domain = unique_name("d") + ".test";
  json mails = json::array();
  mails.push_back({{"template", "verify_email"},
                   {"recipient", "ana@" + domain},
                   {"params",
                    {{"username", "ana"},
                     {"verify_url", "http://127.0.0.1:8080/verify?token=abc&next=%2F"},
                     {"expires_at", "2026-11-23T21:00:00Z"}}}});
  for (int i = 0; i < 9; ++i) {
    mails.push_back({{"template", "test"},
                     {"recipient", "user" + std::to_string(i) + "@" + domain},
                     {"params", {{"text", "Grüße, mail number " + std::to_string(i) + "\n.\n"}}}});
  }
  const auto reply = stack.call("db.mail.enqueue", {{"mails", mails}});
  CHECK(cambio::contracts::schema_catalog::embedded()
            .violations("db.mail.enqueue.reply", reply)
            .empty());
  REQUIRE(reply["ids"].size() == 10);

  std::vector<mail::message> arrived;
  REQUIRE(eventually(
      [&] {
        arrived = mail::mails_to(infra_maildir(), "@" + domain);
        return arrived.size() == 10;
      },
      seconds(30)));

  const std::regex message_id(
      "<[0-9a-f-]{36}@" + std::regex_replace(stack.mail_domain(), std::regex("\\."), "\\.") + ">");
  const std::regex date(
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} "
      "[0-9]{2}:[0-9]{2}:[0-9]{2} \\+0000");
  std::set<std::string> ids;
  for (const auto& m : arrived) {
    INFO(m.raw);
    const auto& to = m.headers.at("to");
    CHECK(m.headers.at("x-rcptto") == to);
    CHECK(m.headers.at("x-mailfrom") == "no-reply@" + stack.mail_domain());
    CHECK(m.headers.at("from") == "Cambio Tests <no-reply@" + stack.mail_domain() + ">");
    CHECK(std::regex_match(m.headers.at("date"), date));
    CHECK(std::regex_match(m.headers.at("message-id"), message_id));
    ids.insert(m.headers.at("message-id"));
    CHECK(m.headers.at("mime-version") == "1.0");
    REQUIRE(m.parts.size() == 2);
    CHECK(m.parts[0].headers.at("content-type") == "text/plain; charset=UTF-8");
    CHECK(m.parts[1].headers.at("content-type") == "text/html; charset=UTF-8");
    if (to == "ana@" + domain) {
      CHECK(mail::decode_header_words(m.headers.at("subject")) == "Confirm your email for Cambio");
      CHECK(m.parts[0].body.find("Hello ana,") != std::string::npos);
      CHECK(m.parts[0].body.find("token=abc&next=%2F") != std::string::npos);
      CHECK(m.parts[1].body.find("token=abc&amp;next=%2F") != std::string::npos);
      CHECK(m.parts[0].body.find("2026-11-23T21:00:00Z") != std::string::npos);
    } else {
      const auto n = to.substr(4, to.find('@') - 4);
      CHECK(m.headers.at("subject") == "Cambio test mail");
      // A line that is a lone dot survives SMTP (dot-stuffing) and the encoding.
      CHECK(m.parts[0].body.find("Grüße, mail number " + n + "\r\n.\r\n") != std::string::npos);
      CHECK(m.parts[1].body.find("Grüße, mail number " + n) != std::string::npos);
    }
  }
  CHECK(ids.size() == 10);

  REQUIRE(eventually([&] { return stack.list("sent").size() == 10; }, seconds(10)));
  for (const auto& row : stack.list()) {
    CHECK(row["status"] == "sent");
    CHECK(row["attempts"] == 0);
    CHECK(row["sent_at"].is_string());
  }
  const auto smtp = health(stack)["checks"]["smtp"];
  CHECK(smtp["ok"] == true);
  CHECK_THAT(smtp["detail"].get<std::string>(), Catch::Contains("10 mail(s) over 1 connection(s)"));
}

TEST_CASE("a mail that cannot render is dead at once, naming why, and db.mail.retry brings it back",
          "[mailer][integration]") {
  mail_stack stack;
  stack.start_mailer(infra_smtp_port());
  REQUIRE(mailer_up(stack));
  const auto domain = unique_name("d") + ".test";
  const auto ids = stack
                       .call("db.mail.enqueue",
                             {{"mails",
                               {{{"template", "no_such_template"}, {"recipient", "a@" + domain}},
                                {{"template", "test"}, {"recipient", "b@" + domain}}}}})["ids"]
                       .get<std::vector<std::int64_t>>();
  std::vector<json> dead;
  REQUIRE(eventually(
      [&] {
        dead = stack.list("dead");
        return dead.size() == 2;
      },
      seconds(20)));
  for (const auto& row : dead) {
    INFO(row.dump());
    CHECK(row["attempts"] == 1);  // not retried
    if (row["id"] == ids[0]) {
      CHECK_THAT(row["last_error"].get<std::string>(),
                 Catch::Contains("unknown mail template 'no_such_template'"));
    } else {
      CHECK_THAT(row["last_error"].get<std::string>(), Catch::Contains("missing"));
      CHECK_THAT(row["last_error"].get<std::string>(), Catch::Contains("text"));
    }
  }
  CHECK(mail::mails_to(infra_maildir(), "@" + domain).empty());

  // Retried, the same mail fails the same way: dead again, counted from 1.
  CHECK(stack.call("db.mail.retry", {{"id", ids[1]}})["requeued"] == 1);
  REQUIRE(eventually(
      [&] {
        const auto rows = stack.list("dead");
        return rows.size() == 2 && rows[0]["attempts"] == 1 && rows[1]["attempts"] == 1;
      },
      seconds(20)));
}
