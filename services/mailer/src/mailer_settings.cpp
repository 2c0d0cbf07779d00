#include "mailer/mailer_settings.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace cambio::mailer {
namespace {

// CAMBIO_SMTP_CA_FILE must be a readable PEM file holding at least one certificate: checked at the
// start, so that a wrong path stops the service instead of failing every mail's TLS handshake.
void check_ca_file(const std::string& path) {
  std::error_code ec;
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, ec)) in.open(path, std::ios::binary);
  if (!in.is_open()) {
    throw cambio::config_error("CAMBIO_SMTP_CA_FILE: cannot read '" + path +
                               "' (the PEM bundle of the CAs that sign the SMTP server's "
                               "certificate)");
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    throw cambio::config_error("CAMBIO_SMTP_CA_FILE: '" + path +
                               "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
}

}  // namespace

mailer_settings read_mailer_settings(const cambio::config& cfg) {
  mailer_settings s;
  s.smtp.url = cfg.get("CAMBIO_SMTP_URL", "");
  if (s.smtp.url.empty()) {
    throw cambio::config_error(
        "CAMBIO_SMTP_URL is not set (required): the SMTP server, e.g. smtp://127.0.0.1:2525 or "
        "smtps://mail.example.com:465");
  }
  if (!s.smtp.url.starts_with("smtp://") && !s.smtp.url.starts_with("smtps://")) {
    throw cambio::config_error("CAMBIO_SMTP_URL: '" + s.smtp.url +
                               "' is not smtp://host:port or smtps://host:port");
  }
  s.smtp.starttls_required =
      cfg.get_choice("CAMBIO_SMTP_STARTTLS", "off", {"off", "required"}) == "required";
  s.smtp.user = cfg.get("CAMBIO_SMTP_USER", "");
  s.smtp.password = cfg.get("CAMBIO_SMTP_PASSWORD", "");
  if (s.smtp.user.empty() && !s.smtp.password.empty()) {
    throw cambio::config_error("CAMBIO_SMTP_PASSWORD is set without CAMBIO_SMTP_USER");
  }
  const bool tls = s.smtp.url.starts_with("smtps://") || s.smtp.starttls_required;
  if (!s.smtp.user.empty() && !tls) {
    throw cambio::config_error(
        "CAMBIO_SMTP_USER is set on an smtp:// URL without CAMBIO_SMTP_STARTTLS=required: the "
        "password would cross the network in clear (use smtps://, or STARTTLS required)");
  }
  s.smtp.ca_file = cfg.get("CAMBIO_SMTP_CA_FILE", "");
  if (!s.smtp.ca_file.empty()) {
    if (!tls) {
      throw cambio::config_error(
          "CAMBIO_SMTP_CA_FILE is set but no TLS is used (smtp:// without "
          "CAMBIO_SMTP_STARTTLS=required): it would have no effect");
    }
    check_ca_file(s.smtp.ca_file);
  }
  s.smtp.send_timeout = cfg.get_ms("CAMBIO_SMTP_TIMEOUT_MS", std::chrono::milliseconds(30'000));
  s.smtp.connect_timeout =
      cfg.get_ms("CAMBIO_SMTP_CONNECT_TIMEOUT_MS", std::chrono::milliseconds(10'000));

  const auto from = cfg.get("CAMBIO_MAIL_FROM", "Cambio <no-reply@cambio.localhost>");
  const auto parsed = parse_mailbox(from);
  if (!parsed) {
    throw cambio::config_error("CAMBIO_MAIL_FROM: '" + from +
                               "' is not a mailbox like `Cambio <no-reply@example.com>`");
  }
  s.from = *parsed;
  s.domain = cfg.get("CAMBIO_MAIL_DOMAIN", address_domain(s.from.address));
  if (s.domain.empty() || s.domain.find_first_of("<>@ \t\"") != std::string::npos) {
    throw cambio::config_error("CAMBIO_MAIL_DOMAIN: '" + s.domain + "' is not a domain name");
  }
  s.smtp.helo_domain = s.domain;

  s.poll = cfg.get_ms("CAMBIO_MAIL_POLL_MS", std::chrono::milliseconds(5000));
  if (s.poll.count() <= 0) throw cambio::config_error("CAMBIO_MAIL_POLL_MS must be positive");
  s.batch = static_cast<int>(cfg.get_int("CAMBIO_MAIL_BATCH", 50, 1, 1000));
  s.lease = std::chrono::seconds(cfg.get_int("CAMBIO_MAIL_LEASE_S", 60, 1, 86400));
  // A mail is only started when it can finish within the lease (delivery.hpp).
  if (s.lease <= s.smtp.send_timeout) {
    throw cambio::config_error("CAMBIO_MAIL_LEASE_S (" + std::to_string(s.lease.count()) +
                               " s) must be longer than CAMBIO_SMTP_TIMEOUT_MS (" +
                               std::to_string(s.smtp.send_timeout.count()) +
                               " ms): a mail must fit in a lease");
  }
  s.retry.base = cfg.get_ms("CAMBIO_MAIL_RETRY_BASE_MS", std::chrono::milliseconds(10'000));
  s.retry.max = cfg.get_ms("CAMBIO_MAIL_RETRY_MAX_MS", std::chrono::milliseconds(3'600'000));
  if (s.retry.max < s.retry.base) {
    throw cambio::config_error("CAMBIO_MAIL_RETRY_MAX_MS is below CAMBIO_MAIL_RETRY_BASE_MS");
  }
  s.retry.max_attempts = static_cast<int>(cfg.get_int("CAMBIO_MAIL_MAX_ATTEMPTS", 8, 1, 100));
  return s;
}

}  // namespace cambio::mailer
