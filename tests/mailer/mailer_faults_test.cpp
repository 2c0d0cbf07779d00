// The mailer process when things go wrong, each test with an SMTP sink of its own
// (deploy/smtp_sink.py on a free port) so that it can stop it or make it refuse mail:
// - the sink down, then up: every mail arrives afterwards, exactly once;
// - a 4xx is retried until it goes; a 5xx refusal of the recipient is dead at once and comes back
//   with db.mail.retry;
// - kill -9 of the mailer in the middle of many mails, twice: after restarts every mail arrives;
//   duplicates are counted by Message-ID and printed, at most one per kill.

#include <signal.h>

#include <algorithm>
#include <iostream>

#include <catch2/catch.hpp>

#include "mail_stack.hpp"

using namespace cambio::testing;
using nlohmann::json;
using std::chrono::seconds;

namespace {

json health(mail_stack& stack) {
  return stack.call("mail.health", json::object(), std::chrono::milliseconds(2000));
}

bool all_with_status(mail_stack& stack, std::size_t count, const std::string& status) {
  return stack.list(status).size() == count;
}

}  // namespace

TEST_CASE("the SMTP server down, then up: every mail arrives afterwards, once",
          "[mailer][integration]") {
  private_sink sink;
  mail_stack stack;
  stack.start_mailer(sink.port(), {{"CAMBIO_MAIL_MAX_ATTEMPTS", "100"}});
  sink.stop();
  const auto ids = stack.enqueue_test_mails(20, "down.test");

  // The mailer tried, failed, and says so.
  REQUIRE(eventually(
      [&] {
        const auto rows = stack.list("pending");
        return rows.size() == 20 && std::all_of(rows.begin(), rows.end(), [](const json& r) {
                 return r["attempts"].get<int>() >= 1;
               });
      },
      seconds(30)));
  const auto smtp = health(stack)["checks"]["smtp"];
  CHECK(smtp["ok"] == false);
  CHECK_THAT(smtp["detail"].get<std::string>(), Catch::Contains("SMTP"));
  CHECK(health(stack)["healthy"] == false);
  CHECK(mail::read_maildir(sink.maildir()).empty());

  sink.start();
  REQUIRE(eventually([&] { return mail::read_maildir(sink.maildir()).size() >= 20; }, seconds(60)));
  REQUIRE(eventually([&] { return all_with_status(stack, 20, "sent"); }, seconds(10)));
  const auto counts = count_by_message_id(mail::read_maildir(sink.maildir()));
  CHECK(counts.size() == 20);
  for (const auto& [id, n] : counts) {
    INFO(id);
    CHECK(n == 1);
  }
  CHECK(eventually([&] { return health(stack)["checks"]["smtp"]["ok"] == true; }, seconds(10)));
}

TEST_CASE("a 4xx is retried until it goes, and a 5xx refusal is dead at once and retried on demand",
          "[mailer][integration]") {
  private_sink sink;
  mail_stack stack;
  sink.fail_with("451 4.3.0 Try again later");
  stack.start_mailer(sink.port(), {{"CAMBIO_MAIL_MAX_ATTEMPTS", "100"}});
  stack.enqueue_test_mails(3, "deferred.test");
  REQUIRE(eventually(
      [&] {
        const auto rows = stack.list("pending");
        return rows.size() == 3 && std::all_of(rows.begin(), rows.end(), [](const json& r) {
                 return r["attempts"].get<int>() >= 2 &&
                        r["last_error"].get<std::string>().find("451") != std::string::npos;
               });
      },
      seconds(30)));
  CHECK(mail::read_maildir(sink.maildir()).empty());
  sink.stop_failing();
  REQUIRE(eventually([&] { return all_with_status(stack, 3, "sent"); }, seconds(30)));
  CHECK(mail::read_maildir(sink.maildir()).size() == 3);

  sink.fail_with("550 5.1.1 No such user");
  const auto id = stack.enqueue_test_mails(1, "rejected.test").at(0);
  REQUIRE(eventually([&] { return all_with_status(stack, 1, "dead"); }, seconds(30)));
  const auto dead = stack.list("dead").at(0);
  CHECK(dead["id"] == id);
  CHECK(dead["attempts"] == 1);  // at once, not after the retries
  CHECK_THAT(dead["last_error"].get<std::string>(), Catch::Contains("550"));
  CHECK(health(stack)["checks"]["smtp"]["ok"] == true);  // the server is fine; the address is not

  sink.stop_failing();
  CHECK(stack.call("db.mail.retry", {{"id", id}})["requeued"] == 1);
  REQUIRE(eventually([&] { return all_with_status(stack, 4, "sent"); }, seconds(30)));
  CHECK(mail::mails_to(sink.maildir(), "rejected.test").size() == 1);
}

TEST_CASE("kill -9 of the mailer mid-batch, twice: every mail arrives, at most one twice per kill",
          "[mailer][integration]") {
  private_sink sink;
  mail_stack stack;
  constexpr int total = 400;
  // A short lease: the killed mailer's claimed mails come back soon.
  const std::map<std::string, std::string> settings{{"CAMBIO_MAIL_LEASE_S", "3"},
                                                    {"CAMBIO_SMTP_TIMEOUT_MS", "1000"},
                                                    {"CAMBIO_MAIL_BATCH", "50"}};
  stack.start_mailer(sink.port(), settings);
  stack.enqueue_test_mails(total, "kill.test");

  for (const auto arrived_before_kill : {total / 4, total / 2}) {
    REQUIRE(eventually(
        [&] {
          return mail::count_maildir(sink.maildir()) >=
                 static_cast<std::size_t>(arrived_before_kill);
        },
        seconds(60)));
    REQUIRE(stack.mailer().stop(SIGKILL, 5000));
    const auto at_kill = mail::count_maildir(sink.maildir());
    std::cout << "kill -9 of the mailer after " << at_kill << " of " << total << " mails\n";
    CHECK(at_kill < static_cast<std::size_t>(total));  // it was killed with work left
    stack.start_mailer(sink.port(), settings);
  }

  // Every mail arrived once at least: as many files as mails, then as many Message-IDs.
  REQUIRE(eventually(
      [&] { return mail::count_maildir(sink.maildir()) >= static_cast<std::size_t>(total); },
      seconds(90)));
  std::map<std::string, int> counts;
  REQUIRE(eventually(
      [&] {
        counts = count_by_message_id(mail::read_maildir(sink.maildir()));
        return counts.size() == static_cast<std::size_t>(total);
      },
      seconds(30)));
  REQUIRE(eventually([&] { return all_with_status(stack, total, "sent"); }, seconds(20)));
  int duplicates = 0;
  for (const auto& [id, n] : counts) {
    if (n > 1) {
      std::cout << "duplicate after kill -9: " << id << " arrived " << n << " times\n";
      duplicates += n - 1;
    }
  }
  std::cout << "kill -9 twice: " << total << " mails, " << duplicates
            << " duplicate(s) by Message-ID\n";
  CHECK(duplicates <= 2);
}
