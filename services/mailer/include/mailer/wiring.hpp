#pragma once
// The mailer's parts wired into the service frame (see README.md):
// - subscribes to mail.queued (a durable queue shared by every mailer: one of them is woken per
//   event) and polls the outbox besides;
// - claims batches through db-proxy (db.mail.claim), sends them over one reused SMTP connection,
//   marks each mail sent (db.mail.sent) or failed (db.mail.failed: backoff, then dead);
// - health check "smtp" and the counters mailer_mails_{sent,failed,dead}_total on /metrics.
// Settings: mailer_settings.hpp. It serves no queue but mail.health.

namespace cambio {
class service;
}

namespace cambio::mailer {

void wire(cambio::service& service);

}  // namespace cambio::mailer
