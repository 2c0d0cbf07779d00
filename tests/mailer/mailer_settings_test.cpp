// The mailer's settings: defaults, the required SMTP URL, and clear errors for bad values (the CA
// file among them); the classification of SMTP failures and the messages of TLS and AUTH ones.

#include <curl/curl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "mailer/mailer_settings.hpp"

using namespace cambio::mailer;
using cambio::config;
using cambio::config_error;
using values = std::map<std::string, std::string>;

namespace {

// Why `given` settings are refused at start ("" when they are accepted).
std::string refused(const values& given) {
  try {
    read_mailer_settings(config(given));
  } catch (const config_error& e) {
    return e.what();
  }
  return {};
}

// A file in the temporary folder, removed at the end of the test.
struct temp_file {
  static inline int count = 0;
  std::filesystem::path path;
  explicit temp_file(const std::string& content)
      : path(std::filesystem::temp_directory_path() /
             ("cambio-mailer-settings-" + std::to_string(::getpid()) + "-" +
              std::to_string(++count) + ".pem")) {
    std::ofstream(path, std::ios::binary) << content;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

// The shape of a PEM certificate is all the settings look at (libcurl parses it when it connects).
const char* const k_pem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

}  // namespace

TEST_CASE("settings: defaults", "[mailer][unit]") {
  const auto s = read_mailer_settings(config(values{{"CAMBIO_SMTP_URL", "smtp://127.0.0.1:2525"}}));
  CHECK(s.smtp.url == "smtp://127.0.0.1:2525");
  CHECK_FALSE(s.smtp.starttls_required);
  CHECK(s.smtp.user.empty());
  CHECK(s.smtp.ca_file.empty());  // the system's CAs
  CHECK(s.from.display_name == "Cambio");
  CHECK(s.from.address == "no-reply@cambio.localhost");
  CHECK(s.domain == "cambio.localhost");
  CHECK(s.smtp.helo_domain == "cambio.localhost");
  CHECK(s.poll == std::chrono::milliseconds(5000));
  CHECK(s.batch == 50);
  CHECK(s.lease == std::chrono::seconds(60));
  CHECK(s.retry.max_attempts == 8);
  CHECK(s.retry.base == std::chrono::milliseconds(10'000));
  CHECK(s.retry.max == std::chrono::milliseconds(3'600'000));
}

TEST_CASE("settings: everything set", "[mailer][unit]") {
  const temp_file ca(k_pem);
  const auto s =
      read_mailer_settings(config(values{{"CAMBIO_SMTP_URL", "smtps://mail.example.com:465"},
                                         {"CAMBIO_SMTP_STARTTLS", "required"},
                                         {"CAMBIO_SMTP_USER", "cambio"},
                                         {"CAMBIO_SMTP_PASSWORD", "secret"},
                                         {"CAMBIO_SMTP_CA_FILE", ca.path.string()},
                                         {"CAMBIO_MAIL_FROM", "Ops <ops@example.com>"},
                                         {"CAMBIO_MAIL_DOMAIN", "mail.example.com"},
                                         {"CAMBIO_MAIL_POLL_MS", "250"},
                                         {"CAMBIO_MAIL_BATCH", "10"},
                                         {"CAMBIO_MAIL_LEASE_S", "5"},
                                         {"CAMBIO_SMTP_TIMEOUT_MS", "4000"},
                                         {"CAMBIO_MAIL_RETRY_BASE_MS", "100"},
                                         {"CAMBIO_MAIL_RETRY_MAX_MS", "1000"},
                                         {"CAMBIO_MAIL_MAX_ATTEMPTS", "3"}}));
  CHECK(s.smtp.starttls_required);
  CHECK(s.smtp.password == "secret");
  CHECK(s.smtp.ca_file == ca.path.string());
  CHECK(s.from.address == "ops@example.com");
  CHECK(s.domain == "mail.example.com");
  CHECK(s.batch == 10);
  CHECK(s.lease == std::chrono::seconds(5));
  CHECK(s.smtp.send_timeout == std::chrono::milliseconds(4000));
  CHECK(s.retry.max_attempts == 3);
}

TEST_CASE("settings: bad values are refused, naming the setting", "[mailer][unit]") {
  CHECK_THAT(refused({}), Catch::Contains("CAMBIO_SMTP_URL is not set"));
  CHECK_THAT(refused({{"CAMBIO_SMTP_URL", "http://x"}}), Catch::Contains("CAMBIO_SMTP_URL"));
  const std::map<std::string, std::string> ok = {{"CAMBIO_SMTP_URL", "smtp://127.0.0.1:25"}};
  const auto with = [&](const char* key, const char* value) {
    auto v = ok;
    v[key] = value;
    return refused(v);
  };
  CHECK_THAT(with("CAMBIO_SMTP_STARTTLS", "maybe"), Catch::Contains("CAMBIO_SMTP_STARTTLS"));
  CHECK_THAT(with("CAMBIO_MAIL_FROM", "Cambio"), Catch::Contains("CAMBIO_MAIL_FROM"));
  CHECK_THAT(with("CAMBIO_MAIL_DOMAIN", "a b"), Catch::Contains("CAMBIO_MAIL_DOMAIN"));
  CHECK_THAT(with("CAMBIO_MAIL_BATCH", "0"), Catch::Contains("CAMBIO_MAIL_BATCH"));
  CHECK_THAT(with("CAMBIO_SMTP_PASSWORD", "x"), Catch::Contains("without CAMBIO_SMTP_USER"));
  CHECK_THAT(with("CAMBIO_MAIL_RETRY_MAX_MS", "1"), Catch::Contains("CAMBIO_MAIL_RETRY_MAX_MS"));
  CHECK_THAT(with("CAMBIO_MAIL_LEASE_S", "30"), Catch::Contains("must be longer than"));
}

TEST_CASE("settings: AUTH only over TLS, and the CA file must be a readable PEM bundle",
          "[mailer][unit]") {
  // A password never crosses the network in clear.
  CHECK_THAT(refused({{"CAMBIO_SMTP_URL", "smtp://relay:587"}, {"CAMBIO_SMTP_USER", "u"}}),
             Catch::Contains("CAMBIO_SMTP_USER") && Catch::Contains("in clear"));
  CHECK(refused({{"CAMBIO_SMTP_URL", "smtp://relay:587"},
                 {"CAMBIO_SMTP_STARTTLS", "required"},
                 {"CAMBIO_SMTP_USER", "u"},
                 {"CAMBIO_SMTP_PASSWORD", "p"}})
            .empty());
  CHECK(refused({{"CAMBIO_SMTP_URL", "smtps://relay:465"}, {"CAMBIO_SMTP_USER", "u"}}).empty());

  const values tls = {{"CAMBIO_SMTP_URL", "smtp://relay:587"},
                      {"CAMBIO_SMTP_STARTTLS", "required"}};
  const auto with_ca = [&](const values& base, const std::string& path) {
    auto v = base;
    v["CAMBIO_SMTP_CA_FILE"] = path;
    return refused(v);
  };
  const temp_file good(k_pem);
  CHECK(with_ca(tls, good.path.string()).empty());
  CHECK(with_ca({{"CAMBIO_SMTP_URL", "smtps://relay:465"}}, good.path.string()).empty());
  CHECK(with_ca(tls, "").empty());  // empty: the system's CAs

  const auto missing = (std::filesystem::temp_directory_path() / "cambio-no-such-ca.pem").string();
  CHECK_THAT(with_ca(tls, missing), Catch::Contains("CAMBIO_SMTP_CA_FILE") &&
                                        Catch::Contains("cannot read") && Catch::Contains(missing));
  CHECK_THAT(with_ca(tls, std::filesystem::temp_directory_path().string()),  // a folder
             Catch::Contains("CAMBIO_SMTP_CA_FILE"));
  const temp_file not_pem("just some text\n");
  CHECK_THAT(with_ca(tls, not_pem.path.string()),
             Catch::Contains("CAMBIO_SMTP_CA_FILE") && Catch::Contains("no PEM certificate"));
  // Without TLS it would do nothing: refused rather than silently ignored.
  CHECK_THAT(with_ca({{"CAMBIO_SMTP_URL", "smtp://relay:25"}}, good.path.string()),
             Catch::Contains("CAMBIO_SMTP_CA_FILE") && Catch::Contains("no TLS"));
}

TEST_CASE("SMTP failures: a mail's own 5xx is permanent, 4xx temporary, the rest the server's",
          "[mailer][unit]") {
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 550, "RCPT failed: 550") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 451, "RCPT failed: 451") == smtp_outcome::deferred);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 554, "DATA failed: 554") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_WEIRD_SERVER_REPLY, 552, "") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_COULDNT_CONNECT, 0, "Failed to connect") ==
        smtp_outcome::unavailable);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 553, "MAIL failed: 553") ==
        smtp_outcome::unavailable);  // the sender refused: every mail would be
  CHECK(classify_smtp_failure(CURLE_OPERATION_TIMEDOUT, 0, "Operation timed out") ==
        smtp_outcome::unavailable);
  // A TLS handshake that fails is the server's, like one that cannot connect.
  CHECK(classify_smtp_failure(CURLE_SSL_CONNECT_ERROR, 0, "wrong version number") ==
        smtp_outcome::unavailable);
  CHECK(classify_smtp_failure(CURLE_USE_SSL_FAILED, 454, "STARTTLS denied, code 454") ==
        smtp_outcome::unavailable);
}

TEST_CASE("SMTP failures: AUTH, certificate and STARTTLS refusals are our settings, not the mail's",
          "[mailer][unit]") {
  CHECK(classify_smtp_failure(CURLE_LOGIN_DENIED, 535, "Login denied") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_PEER_FAILED_VERIFICATION, 0,
                              "SSL certificate problem: unable to get local issuer certificate") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_SSL_CACERT_BADFILE, 0, "error setting certificate file") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_USE_SSL_FAILED, 250, "STARTTLS not supported.") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_USE_SSL_FAILED, 502, "STARTTLS denied, code 502") ==
        smtp_outcome::misconfigured);
  // AUTH required (RFC 4954), whatever command it answers: never a recipient's refusal.
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 530, "MAIL failed: 530") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 530, "RCPT failed: 530") ==
        smtp_outcome::misconfigured);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 538, "MAIL failed: 538") ==
        smtp_outcome::misconfigured);
}

TEST_CASE("SMTP failures: TLS and AUTH errors say what to look at", "[mailer][unit]") {
  CHECK_THAT(describe_smtp_failure(CURLE_LOGIN_DENIED, 535, "Login denied"),
             Catch::StartsWith("SMTP: Login denied, AUTH answered 535") &&
                 Catch::Contains("CAMBIO_SMTP_USER and CAMBIO_SMTP_PASSWORD"));
  CHECK_THAT(describe_smtp_failure(CURLE_PEER_FAILED_VERIFICATION, 0,
                                   "SSL certificate problem: self-signed certificate"),
             Catch::Contains("SSL certificate problem: self-signed certificate") &&
                 Catch::Contains("not trusted") && Catch::Contains("CAMBIO_SMTP_CA_FILE"));
  CHECK_THAT(describe_smtp_failure(CURLE_USE_SSL_FAILED, 250, "STARTTLS not supported."),
             Catch::Contains("STARTTLS not supported.") && Catch::Contains("nothing was sent"));
  CHECK_THAT(describe_smtp_failure(CURLE_SEND_ERROR, 530, "MAIL failed: 530"),
             Catch::Contains("requires AUTH"));
  CHECK_THAT(describe_smtp_failure(CURLE_SSL_CONNECT_ERROR, 0, "wrong version number"),
             Catch::Contains("TLS handshake failed"));
  CHECK(describe_smtp_failure(CURLE_SEND_ERROR, 550, "RCPT failed: 550") ==
        "SMTP: RCPT failed: 550");
}
