#include "mailer/delivery.hpp"

#include <future>
#include <optional>

#include "cambio/log.hpp"
#include "mailer/mime_message.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::mailer {
namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = cambio::log::get("mail.delivery");
  return l;
}

std::string utc_now_text() { return rfc5322_date(std::chrono::system_clock::now()); }

}  // namespace

std::string render_message(const claimed_mail& mail, const mail_templates& templates,
                           const mailbox& from, const std::string& domain,
                           std::chrono::system_clock::time_point now) {
  auto rendered = templates.render(mail.template_name, mail.params);
  return build_mime_message({from, mail.recipient, std::move(rendered.subject),
                             std::move(rendered.text), std::move(rendered.html),
                             mail.message_id + "@" + domain, now, std::move(rendered.headers)});
}

mail_delivery::mail_delivery(const mailer_settings& settings, const mail_templates& templates,
                             smtp_transport& transport, outbox& box,
                             cambio::metrics::registry& metrics)
    : settings_(settings),
      templates_(templates),
      transport_(transport),
      outbox_(box),
      sent_(metrics.counter("mailer_mails_sent_total", "Mails accepted by the SMTP server")),
      failed_(metrics.counter("mailer_mails_failed_total",
                              "Failed attempts that will be retried after a backoff")),
      dead_(metrics.counter("mailer_mails_dead_total",
                            "Mails given up (permanent failure or attempts used up)")) {}

void mail_delivery::record_failure(const claimed_mail& mail, const std::string& error,
                                   bool permanent, batch_report& report) {
  const auto decision = decide_retry(settings_.retry, mail.attempts, permanent, rng_);
  try {
    outbox_.mark_failed(mail.id, error,
                        decision.dead ? std::nullopt : std::optional(decision.retry_in));
  } catch (const rmqrpc::error& e) {
    // The lease runs out and the mail is claimed again: nothing is lost.
    logger()->warn(
        "mail {}: could not record the failure ({}: {}); it is tried again when its "
        "lease passes",
        mail.id, rmqrpc::to_string(e.code()), e.what());
    ++report.left;
    return;
  }
  if (decision.dead) {
    dead_.inc();
    ++report.dead;
    logger()->error("mail {} to {} is dead after {} attempt(s): {} (cambioctl mail retry {})",
                    mail.id, mail.recipient, mail.attempts + 1, error, mail.id);
    return;
  }
  failed_.inc();
  ++report.retrying;
  const auto due = std::chrono::steady_clock::now() + decision.retry_in;
  if (!report.next_retry || due < *report.next_retry) report.next_retry = due;
  logger()->warn("mail {} to {}: attempt {} failed ({}); next attempt in {} ms", mail.id,
                 mail.recipient, mail.attempts + 1, error, decision.retry_in.count());
}

void mail_delivery::note_smtp(bool ok, const std::string& detail) {
  std::lock_guard lock(health_mutex_);
  health_ = {ok, detail};
}

batch_report mail_delivery::deliver(const std::vector<claimed_mail>& batch,
                                    std::chrono::steady_clock::time_point claimed_at,
                                    const std::function<bool()>& stop) {
  batch_report report;
  // A mail is not started unless it can finish before the lease ends.
  const auto lease_end = claimed_at + settings_.lease;
  std::string server_down;  // the error that made the server unavailable in this batch
  bool refused = false;     // the server refused our settings (smtp_outcome::misconfigured)

  // The mark of the last mail sent, in flight while the next one goes through MAIL FROM, RCPT TO
  // and DATA; the next one's end of DATA waits for it (the transport's gate). So at any moment at
  // most one mail is delivered but not marked, and the mark's round trip overlaps the next mail's
  // first SMTP round trips instead of adding to them.
  std::optional<std::pair<std::int64_t, std::future<int>>> marking;
  bool outbox_lost = false;
  const auto settle = [&]() {
    if (!marking) return !outbox_lost;
    const auto id = marking->first;
    try {
      if (marking->second.get() == 0) {
        logger()->warn("mail {} was sent but its lease had been lost: it may go twice", id);
      }
    } catch (const rmqrpc::error& e) {
      logger()->warn(
          "mail {} was sent but not marked ({}: {}): it goes again when its lease "
          "passes (same Message-ID); this batch stops",
          id, rmqrpc::to_string(e.code()), e.what());
      outbox_lost = true;
    }
    marking.reset();
    return !outbox_lost;
  };

  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& mail = batch[i];
    const auto rest = static_cast<int>(batch.size() - i);
    if (stop() || std::chrono::steady_clock::now() + settings_.smtp.send_timeout > lease_end) {
      report.left += rest;
      break;
    }
    std::string message;
    try {
      message = render_message(mail, templates_, settings_.from, settings_.domain,
                               std::chrono::system_clock::now());
    } catch (const template_error& e) {
      record_failure(mail, e.what(), true, report);
      continue;
    }
    if (!server_down.empty()) {
      record_failure(mail, server_down, false, report);
      continue;
    }
    const auto result = transport_.send(settings_.from.address, mail.recipient, message, settle);
    // The gate runs only when the server got as far as the message; settle in any case.
    if (!settle()) {
      report.left += rest;  // this one was held back (or failed): nothing of it was delivered
      break;
    }
    switch (result.outcome) {
      case smtp_outcome::sent:
        note_smtp(true, "last mail sent " + utc_now_text() + " (" + std::to_string(++sent_total_) +
                            " mail(s) over " + std::to_string(transport_.connections_opened()) +
                            " connection(s) since start)");
        sent_.inc();
        ++report.sent;
        marking.emplace(mail.id, outbox_.mark_sent_async({mail.id}));
        break;
      case smtp_outcome::rejected:
        note_smtp(true, "last mail rejected by the server " + utc_now_text() + ": " + result.error);
        record_failure(mail, result.error, true, report);
        break;
      case smtp_outcome::deferred:
        note_smtp(false, result.error + " (" + utc_now_text() + ")");
        record_failure(mail, result.error, false, report);
        break;
      case smtp_outcome::misconfigured:
        // Every mail would meet it: none is charged an attempt (that would make them dead one
        // after another while the settings are wrong). They stay pending and come back when
        // their lease passes, so the server is asked again about once a lease.
        note_smtp(false, result.error + " (" + utc_now_text() + ")");
        logger()->error(
            "{}: no mail can go until this is fixed; the {} mail(s) left in this batch are not "
            "charged an attempt and are tried again when their lease passes ({} s)",
            result.error, rest, settings_.lease.count());
        report.left += rest;
        refused = true;
        break;
      case smtp_outcome::unavailable:
      case smtp_outcome::held:
        note_smtp(false, result.error + " (" + utc_now_text() + ")");
        server_down = result.error;
        logger()->warn(
            "SMTP server unavailable ({}): the other {} mail(s) of this batch wait "
            "for their retry",
            result.error, rest - 1);
        record_failure(mail, result.error, false, report);
        break;
    }
    if (refused) break;
  }
  settle();
  return report;
}

cambio::health_check mail_delivery::health() const {
  std::lock_guard lock(health_mutex_);
  return health_;
}

}  // namespace cambio::mailer
