#pragma once
// Delivering one claimed batch: each mail is rendered from its template, built as a MIME message
// and sent over the one SMTP connection, and marked sent — the mark travels while the next mail
// goes through MAIL FROM / RCPT TO / DATA, and that mail's end of DATA (what makes the server
// deliver it) waits until the mark is stored. So a mailer killed at any point has at most the one
// mail in flight delivered but not marked (it goes again after its lease, with the same
// Message-ID); if a mark fails, the batch stops there. A failure is recorded with the retry policy:
// a mail that cannot render or a recipient refused with 5xx is dead at once; a 4xx is retried
// later; when the server itself is unavailable the rest of the batch is not tried (each mail is
// recorded as a failed attempt with its own backoff). When the server refuses our settings (AUTH,
// its certificate, no STARTTLS: smtp_outcome::misconfigured) no mail is charged anything: the
// batch stops and its mails come back when their lease passes.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <random>
#include <vector>

#include "cambio/health_report.hpp"
#include "cambio/metrics.hpp"
#include "mailer/mail_templates.hpp"
#include "mailer/mailer_settings.hpp"
#include "mailer/outbox.hpp"
#include "mailer/smtp_transport.hpp"

namespace cambio::mailer {

struct batch_report {
  int sent = 0;
  int retrying = 0;
  int dead = 0;
  int left = 0;  // not tried: a stop, or the lease running out (they come back after the lease)
  // The earliest retry scheduled, if any (the loop looks again then).
  std::optional<std::chrono::steady_clock::time_point> next_retry;
};

// The message a claimed mail becomes. Throws template_error.
std::string render_message(const claimed_mail& mail, const mail_templates& templates,
                           const mailbox& from, const std::string& domain,
                           std::chrono::system_clock::time_point now);

class mail_delivery {
 public:
  mail_delivery(const mailer_settings& settings, const mail_templates& templates,
                smtp_transport& transport, outbox& box, cambio::metrics::registry& metrics);

  // `stop` is asked between mails. `claimed_at`: when the claim was made (its lease runs from
  // then).
  batch_report deliver(const std::vector<claimed_mail>& batch,
                       std::chrono::steady_clock::time_point claimed_at,
                       const std::function<bool()>& stop);

  // "smtp": the last send went through (with the mails sent and SMTP connections opened since
  // start), or the last SMTP error.
  cambio::health_check health() const;

 private:
  void record_failure(const claimed_mail& mail, const std::string& error, bool permanent,
                      batch_report& report);
  void note_smtp(bool ok, const std::string& detail);

  const mailer_settings& settings_;
  const mail_templates& templates_;
  smtp_transport& transport_;
  outbox& outbox_;
  cambio::metrics::counter& sent_;
  cambio::metrics::counter& failed_;
  cambio::metrics::counter& dead_;
  std::mt19937_64 rng_{std::random_device{}()};
  long sent_total_ = 0;
  mutable std::mutex health_mutex_;
  cambio::health_check health_{true, "no mail sent yet"};
};

}  // namespace cambio::mailer
