// The mailer's settings: defaults, the required SMTP URL, and clear errors for bad values; the
// classification of SMTP failures.

#include <curl/curl.h>

#include <catch2/catch.hpp>

#include "mailer/mailer_settings.hpp"

using namespace cambio::mailer;
using cambio::config;
using cambio::config_error;
using values = std::map<std::string, std::string>;

TEST_CASE("settings: defaults", "[mailer][unit]") {
  const auto s = read_mailer_settings(config(values{{"CAMBIO_SMTP_URL", "smtp://127.0.0.1:2525"}}));
  CHECK(s.smtp.url == "smtp://127.0.0.1:2525");
  CHECK_FALSE(s.smtp.starttls_required);
  CHECK(s.smtp.user.empty());
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
  const auto s =
      read_mailer_settings(config(values{{"CAMBIO_SMTP_URL", "smtps://mail.example.com:465"},
                                         {"CAMBIO_SMTP_STARTTLS", "required"},
                                         {"CAMBIO_SMTP_USER", "cambio"},
                                         {"CAMBIO_SMTP_PASSWORD", "secret"},
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
  CHECK(s.from.address == "ops@example.com");
  CHECK(s.domain == "mail.example.com");
  CHECK(s.batch == 10);
  CHECK(s.lease == std::chrono::seconds(5));
  CHECK(s.smtp.send_timeout == std::chrono::milliseconds(4000));
  CHECK(s.retry.max_attempts == 3);
}

TEST_CASE("settings: bad values are refused, naming the setting", "[mailer][unit]") {
  const auto refused = [](const values& given) {
    try {
      read_mailer_settings(config(given));
    } catch (const config_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
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

TEST_CASE("SMTP failures: a mail's own 5xx is permanent, 4xx temporary, the rest the server's",
          "[mailer][unit]") {
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 550, "RCPT failed: 550") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 451, "RCPT failed: 451") == smtp_outcome::deferred);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 554, "DATA failed: 554") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_WEIRD_SERVER_REPLY, 552, "") == smtp_outcome::rejected);
  CHECK(classify_smtp_failure(CURLE_COULDNT_CONNECT, 0, "Failed to connect") ==
        smtp_outcome::unavailable);
  CHECK(classify_smtp_failure(CURLE_LOGIN_DENIED, 535, "Login denied") ==
        smtp_outcome::unavailable);
  CHECK(classify_smtp_failure(CURLE_SEND_ERROR, 553, "MAIL failed: 553") ==
        smtp_outcome::unavailable);  // the sender refused: every mail would be
  CHECK(classify_smtp_failure(CURLE_OPERATION_TIMEDOUT, 0, "Operation timed out") ==
        smtp_outcome::unavailable);
}
