// The mailer against SMTP servers that want TLS and AUTH, as a real relay does: sinks of the
// test's own (deploy/smtp_sink.py with --tls-cert/--require-tls/--smtps/--auth on free ports)
// with a certificate signed by a private CA made at test time with openssl (test_pki):
// - STARTTLS required + AUTH: mails arrive over TLS, authenticated, several over one connection;
// - SMTPS (TLS from the first byte) + AUTH delivers;
// - a certificate not trusted (no CAMBIO_SMTP_CA_FILE), or trusted but for another name: nothing is
//   sent, the mails stay pending and are charged nothing, the error names the certificate problem;
// - STARTTLS required and the server does not offer it: nothing goes in clear;
// - AUTH missing or refused (530, 535): the mails are kept, none is charged an attempt or dead
//   (CAMBIO_MAIL_MAX_ATTEMPTS=1 would make the first charged failure dead), the server is asked
//   again every lease, and the mails go once the settings are right;
// - a CA file that does not exist stops the mailer at start.

#include <algorithm>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "mail_stack.hpp"

using namespace cambio::testing;
using nlohmann::json;
using settings = std::map<std::string, std::string>;
using std::chrono::seconds;

namespace {

constexpr const char* k_user = "cambio";
constexpr const char* k_password = "s3cret-relay-pw";

std::vector<std::string> tls_options(const test_pki& pki) {
  return {"--tls-cert", pki.cert_file(), "--tls-key", pki.key_file()};
}

std::vector<std::string> starttls_auth_sink(const test_pki& pki) {
  auto o = tls_options(pki);
  o.insert(o.end(), {"--require-tls", "--auth", std::string(k_user) + ":" + k_password});
  return o;
}

// STARTTLS required, AUTH as k_user with `password` (none: no AUTH), the CAs of `ca_file` (none:
// the system's), a short lease so that refused mails come back soon, and no second attempt
// allowed: a failure charged to a mail would make it dead at once.
settings tls_mailer(const std::string& ca_file, const std::string& password) {
  settings s{{"CAMBIO_SMTP_STARTTLS", "required"},
             {"CAMBIO_SMTP_TIMEOUT_MS", "2000"},
             {"CAMBIO_MAIL_LEASE_S", "3"},
             {"CAMBIO_MAIL_MAX_ATTEMPTS", "1"}};
  if (!ca_file.empty()) s["CAMBIO_SMTP_CA_FILE"] = ca_file;
  if (!password.empty()) {
    s["CAMBIO_SMTP_USER"] = k_user;
    s["CAMBIO_SMTP_PASSWORD"] = password;
  }
  return s;
}

// The mailer's "smtp" health check, once it answers.
json smtp_health(mail_stack& stack) {
  json check;
  const bool answered = eventually(
      [&] {
        try {
          check = stack.call("mail.health", json::object(),
                             std::chrono::milliseconds(2000))["checks"]["smtp"];
          return true;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      seconds(30));
  REQUIRE(answered);
  return check;
}

// Waits until the smtp check is not ok and its detail contains every one of `words` (the test
// stops if it does not come).
std::string wait_for_smtp_error(mail_stack& stack, const std::vector<std::string>& words) {
  std::string detail;
  const bool seen = eventually(
      [&] {
        const auto check = smtp_health(stack);
        detail = check.value("detail", "");
        return check.value("ok", true) == false &&
               std::all_of(words.begin(), words.end(), [&](const std::string& w) {
                 return detail.find(w) != std::string::npos;
               });
      },
      seconds(30));
  INFO("the smtp check says: " << detail);
  REQUIRE(seen);
  return detail;
}

// Every one of `count` mails is pending and has been charged no attempt; none is dead.
bool all_kept_uncharged(mail_stack& stack, std::size_t count) {
  const auto rows = stack.list();
  return rows.size() == count && std::all_of(rows.begin(), rows.end(), [](const json& r) {
           return r["status"] == "pending" && r["attempts"] == 0;
         });
}

// The mails stay pending and uncharged while the mailer asks the server again: the smtp error is
// renewed (its time changes) at least once, a lease or more later.
void check_kept_while_refused(mail_stack& stack, std::size_t count,
                              const std::filesystem::path& maildir, const std::string& first) {
  INFO(first);
  const bool asked_again = eventually(
      [&] {
        CHECK(all_kept_uncharged(stack, count));
        const auto detail = smtp_health(stack).value("detail", "");
        return detail != first && !detail.empty();
      },
      seconds(20));
  CHECK(asked_again);
  CHECK(all_kept_uncharged(stack, count));
  CHECK(stack.list("dead").empty());
  CHECK(mail::count_maildir(maildir) == 0);
}

}  // namespace

TEST_CASE("STARTTLS required with AUTH: mails arrive encrypted, authenticated, over one connection",
          "[mailer][integration][tls]") {
  test_pki pki;
  private_sink sink(starttls_auth_sink(pki));
  mail_stack stack;
  auto s = tls_mailer(pki.ca_file(), k_password);
  s.erase("CAMBIO_MAIL_LEASE_S");  // the defaults: a batch has time for every mail
  s.erase("CAMBIO_SMTP_TIMEOUT_MS");
  stack.start_mailer(sink.port(), s);
  const auto ids = stack.enqueue_test_mails(6, "tls.test");

  REQUIRE(eventually([&] { return mail::count_maildir(sink.maildir()) == 6; }, seconds(30)));
  const auto mails = mail::read_maildir(sink.maildir());
  std::set<std::string> connections;
  for (const auto& m : mails) {
    INFO(m.raw.substr(0, 400));
    CHECK_THAT(m.headers.at("x-tls"), Catch::StartsWith("TLSv1."));
    CHECK(m.headers.at("x-auth") == k_user);
    CHECK_THAT(m.headers.at("x-rcptto"), Catch::EndsWith("@tls.test"));
    CHECK(m.parts.size() == 2);
    connections.insert(m.headers.at("x-connection"));
  }
  CHECK(connections.size() == 1);  // the sink saw one connection carry all six
  REQUIRE(eventually([&] { return stack.list("sent").size() == 6; }, seconds(10)));
  for (const auto& row : stack.list()) CHECK(row["attempts"] == 0);
  const auto smtp = smtp_health(stack);
  CHECK(smtp["ok"] == true);
  CHECK_THAT(smtp["detail"].get<std::string>(), Catch::Contains("6 mail(s) over 1 connection(s)"));
}

TEST_CASE("SMTPS with AUTH: TLS from the first byte delivers", "[mailer][integration][tls]") {
  test_pki pki;
  auto options = tls_options(pki);
  options.insert(options.end(), {"--smtps", "--auth", std::string(k_user) + ":" + k_password});
  private_sink sink(options);
  mail_stack stack;
  // The URL names the host as its certificate does (DNS:localhost).
  stack.start_mailer(sink.port(),
                     {{"CAMBIO_SMTP_URL", "smtps://localhost:" + std::to_string(sink.port())},
                      {"CAMBIO_SMTP_CA_FILE", pki.ca_file()},
                      {"CAMBIO_SMTP_USER", k_user},
                      {"CAMBIO_SMTP_PASSWORD", k_password}});
  stack.enqueue_test_mails(3, "smtps.test");
  REQUIRE(eventually([&] { return mail::count_maildir(sink.maildir()) == 3; }, seconds(30)));
  for (const auto& m : mail::read_maildir(sink.maildir())) {
    CHECK_THAT(m.headers.at("x-tls"), Catch::StartsWith("TLSv1."));
    CHECK(m.headers.at("x-auth") == k_user);
  }
  REQUIRE(eventually([&] { return stack.list("sent").size() == 3; }, seconds(10)));
}

TEST_CASE("a server certificate not trusted: nothing is sent, the mails stay pending, uncharged",
          "[mailer][integration][tls]") {
  test_pki pki;
  private_sink sink(starttls_auth_sink(pki));
  mail_stack stack;

  // No CA file: the system's CAs do not know the test CA.
  stack.start_mailer(sink.port(), tls_mailer("", k_password));
  stack.enqueue_test_mails(2, "untrusted.test");
  auto detail = wait_for_smtp_error(stack, {"SSL certificate problem", "CAMBIO_SMTP_CA_FILE"});
  CHECK_THAT(detail, Catch::Contains("not trusted"));
  check_kept_while_refused(stack, 2, sink.maildir(), detail);

  // The CA trusted, but the server's certificate is for another name.
  auto other = tls_options(pki);
  other[1] = pki.other_name_cert_file();
  other[3] = pki.other_name_key_file();
  other.insert(other.end(), {"--require-tls", "--auth", std::string(k_user) + ":" + k_password});
  private_sink impostor(other);
  stack.start_mailer(impostor.port(), tls_mailer(pki.ca_file(), k_password));
  detail = wait_for_smtp_error(stack, {"127.0.0.1", "CAMBIO_SMTP_CA_FILE"});
  CHECK_THAT(detail, Catch::Contains("subject name") || Catch::Contains("certificate"));
  check_kept_while_refused(stack, 2, impostor.maildir(), detail);
  CHECK(mail::count_maildir(sink.maildir()) == 0);

  // With the CA, against the right server: both go, still uncharged.
  stack.start_mailer(sink.port(), tls_mailer(pki.ca_file(), k_password));
  REQUIRE(eventually([&] { return mail::count_maildir(sink.maildir()) == 2; }, seconds(30)));
  REQUIRE(eventually([&] { return stack.list("sent").size() == 2; }, seconds(10)));
  for (const auto& row : stack.list()) CHECK(row["attempts"] == 0);
}

TEST_CASE("STARTTLS required and the server does not offer it: nothing goes in clear",
          "[mailer][integration][tls]") {
  private_sink plain;  // no --tls-cert: no STARTTLS in its EHLO
  mail_stack stack;
  stack.start_mailer(plain.port(), tls_mailer("", ""));
  stack.enqueue_test_mails(2, "cleartext.test");
  const auto detail = wait_for_smtp_error(stack, {"STARTTLS", "nothing was sent in clear"});
  check_kept_while_refused(stack, 2, plain.maildir(), detail);
}

TEST_CASE("AUTH missing or refused: the mails are kept, none charged or dead, then they go",
          "[mailer][integration][tls]") {
  test_pki pki;
  private_sink sink(starttls_auth_sink(pki));
  mail_stack stack;

  // No user: the server answers MAIL FROM with 530 (authentication required).
  stack.start_mailer(sink.port(), tls_mailer(pki.ca_file(), ""));
  stack.enqueue_test_mails(3, "auth.test");
  auto detail = wait_for_smtp_error(stack, {"530", "requires AUTH"});
  check_kept_while_refused(stack, 3, sink.maildir(), detail);

  // A wrong password: 535, asked again every lease, never charged to a mail.
  stack.start_mailer(sink.port(), tls_mailer(pki.ca_file(), "not-the-password"));
  detail = wait_for_smtp_error(stack, {"535", "CAMBIO_SMTP_PASSWORD"});
  check_kept_while_refused(stack, 3, sink.maildir(), detail);
  // Mails queued meanwhile are kept too.
  stack.enqueue_test_mails(2, "auth-later.test");
  std::this_thread::sleep_for(seconds(4));  // past a lease
  CHECK(all_kept_uncharged(stack, 5));

  // The right password: every mail goes, once, uncharged.
  stack.start_mailer(sink.port(), tls_mailer(pki.ca_file(), k_password));
  REQUIRE(eventually([&] { return stack.list("sent").size() == 5; }, seconds(60)));
  const auto counts = count_by_message_id(mail::read_maildir(sink.maildir()));
  CHECK(counts.size() == 5);
  for (const auto& [id, n] : counts) CHECK(n == 1);
  for (const auto& row : stack.list()) CHECK(row["attempts"] == 0);
  CHECK(eventually([&] { return smtp_health(stack)["ok"] == true; }, seconds(10)));
}

TEST_CASE("a CA file that cannot be read stops the mailer at start", "[mailer][integration][tls]") {
  private_sink sink;
  mail_stack stack;
  stack.start_mailer(sink.port(), {{"CAMBIO_SMTP_STARTTLS", "required"},
                                   {"CAMBIO_SMTP_CA_FILE", "/nonexistent/cambio-ca.pem"}});
  REQUIRE(eventually([&] { return !stack.mailer().running(); }, seconds(30)));
  CHECK(stack.mailer().exit_code() == 2);  // a configuration error
}
