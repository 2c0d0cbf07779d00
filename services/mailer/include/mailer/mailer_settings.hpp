#pragma once
// The mailer's settings, read once by its wiring (see README.md for each one):
//   CAMBIO_SMTP_URL             smtp://host:port or smtps://host:port (required to run)
//   CAMBIO_SMTP_STARTTLS        off | required (default off; smtps:// is TLS from the start)
//   CAMBIO_SMTP_USER, CAMBIO_SMTP_PASSWORD   AUTH when the user is set (only over TLS)
//   CAMBIO_SMTP_CA_FILE         PEM bundle of the CAs to trust instead of the system's (TLS only;
//                               must be readable and hold a certificate at start)
//   CAMBIO_SMTP_TIMEOUT_MS      one mail, connecting included (default 30000)
//   CAMBIO_SMTP_CONNECT_TIMEOUT_MS          (default 10000)
//   CAMBIO_MAIL_FROM            "Cambio <no-reply@cambio.localhost>" (the default)
//   CAMBIO_MAIL_DOMAIN          right part of Message-IDs and the EHLO name (default: the From
//                               address's domain)
//   CAMBIO_MAIL_POLL_MS         how often the outbox is polled besides mail.queued (default 5000)
//   CAMBIO_MAIL_BATCH           mails claimed at once (default 50)
//   CAMBIO_MAIL_LEASE_S         how long a claim holds (default 60; longer than the SMTP timeout)
//   CAMBIO_MAIL_RETRY_BASE_MS, CAMBIO_MAIL_RETRY_MAX_MS, CAMBIO_MAIL_MAX_ATTEMPTS
//                               backoff of failed mails (defaults 10000, 3600000, 8)

#include <chrono>
#include <string>

#include "cambio/config.hpp"
#include "mailer/header_encoding.hpp"
#include "mailer/retry_policy.hpp"
#include "mailer/smtp_transport.hpp"

namespace cambio::mailer {

struct mailer_settings {
  smtp_settings smtp;
  mailbox from;
  std::string domain;
  std::chrono::milliseconds poll{5000};
  int batch = 50;
  std::chrono::seconds lease{60};
  retry_settings retry;
};

// Throws cambio::config_error naming a missing or invalid setting.
mailer_settings read_mailer_settings(const cambio::config& cfg);

}  // namespace cambio::mailer
