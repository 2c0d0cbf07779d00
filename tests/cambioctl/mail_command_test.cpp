// cambioctl mail: the table of the outbox, and usage errors caught before anything is called.

#include <sstream>

#include <catch2/catch.hpp>

#include "cambioctl/arguments.hpp"
#include "cambioctl/command.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/mail_command.hpp"

using namespace cambio::cambioctl;

TEST_CASE("mail list for people: one row per mail, the last error under a failed one",
          "[cambioctl][mail]") {
  const nlohmann::json list = {{"mails",
                                {{{"id", 42},
                                  {"template", "verify_email"},
                                  {"recipient", "ana@example.com"},
                                  {"status", "dead"},
                                  {"attempts", 1},
                                  {"last_error", "SMTP: RCPT failed: 550"},
                                  {"created_at", "2026-11-22T21:00:00Z"},
                                  {"sent_at", nullptr},
                                  {"next_attempt_at", "2026-11-22T21:00:00Z"}},
                                 {{"id", 41},
                                  {"template", "test"},
                                  {"recipient", "ops@example.com"},
                                  {"status", "pending"},
                                  {"attempts", 2},
                                  {"last_error", "SMTP: Failed to connect"},
                                  {"created_at", "2026-11-22T20:59:00Z"},
                                  {"sent_at", nullptr},
                                  {"next_attempt_at", "2026-11-22T21:05:00Z"}},
                                 {{"id", 40},
                                  {"template", "test"},
                                  {"recipient", "ops@example.com"},
                                  {"status", "sent"},
                                  {"attempts", 0},
                                  {"last_error", nullptr},
                                  {"created_at", "2026-11-22T20:58:00Z"},
                                  {"sent_at", "2026-11-22T20:58:01Z"},
                                  {"next_attempt_at", "2026-11-22T20:58:00Z"}}}}};
  const auto text = mail_table(list);
  CHECK_THAT(text, Catch::StartsWith("ID       STATUS   TRIES  CREATED"));
  CHECK_THAT(text, Catch::Contains("42       dead         1  2026-11-22T21:00:00Z  verify_email"
                                   "       ana@example.com"));
  CHECK_THAT(text, Catch::Contains("last error: SMTP: RCPT failed: 550"));
  CHECK_THAT(text, Catch::Contains("next attempt: 2026-11-22T21:05:00Z"));
  CHECK_THAT(text, Catch::Contains("1 dead mail(s) shown: cambioctl mail retry <id>"));
  CHECK(mail_table({{"mails", nlohmann::json::array()}}) == "no mails\n");
}

TEST_CASE("mail: usage errors exit 2 before any call", "[cambioctl][mail]") {
  std::ostringstream out, err;
  bool loaded = false;
  const context base{{}, out, err, [&]() -> settings {
                       loaded = true;
                       throw std::runtime_error("no settings in this test");
                     }};
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "mail");
    err.str("");
    return dispatch(args, {mail_command()}, base);
  };
  CHECK(run({}) == k_exit_unusable);
  CHECK(run({"list", "--dead", "--sent"}) == k_exit_unusable);
  CHECK_THAT(err.str(), Catch::Contains("give one of --dead, --pending, --sent"));
  CHECK(run({"list", "--limit", "0"}) == k_exit_unusable);
  CHECK(run({"retry"}) == k_exit_unusable);
  CHECK(run({"retry", "abc"}) == k_exit_unusable);
  CHECK_THAT(err.str(), Catch::Contains("'abc' is not a mail id"));
  CHECK(run({"retry", "5", "--all-dead"}) == k_exit_unusable);
  CHECK(run({"resend"}) == k_exit_unusable);
  CHECK_FALSE(loaded);
}
