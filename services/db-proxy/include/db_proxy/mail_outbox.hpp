#pragma once
// Writing to the mail outbox (migration 003_mail_outbox.sql). A handler whose change causes a mail
// inserts the outbox row in the same transaction as the change, then, after the commit, wakes the
// mailers:
//
//   pqxx::work tx(c);
//   ... the change ...
//   enqueue_mail(tx, {"verify_email", email, {{"username", name}, {"verify_url", url}}});
//   tx.commit();
//   announce_mail(request, 1);
//
// If the event is lost (broker down), nothing is: the mailers also poll the outbox.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace rmqrpc {
class request;
}

namespace cambio::db_proxy {

struct outbox_mail {
  std::string template_name;  // one of the mailer's templates, e.g. "verify_email"
  std::string recipient;      // an email address
  nlohmann::json params = nlohmann::json::object();  // the template's values
};

// The routing key of the event that wakes the mailers: {"count": mails queued}.
inline constexpr std::string_view k_mail_queued_event = "mail.queued";

// Inserts `mail` as a pending outbox row inside `tx`; returns the row's id.
std::int64_t enqueue_mail(pqxx::transaction_base& tx, const outbox_mail& mail);

// Publishes mail.queued after the transaction that enqueued `count` mails committed. Best effort:
// a failure to publish is logged, never thrown (the mailers' poll picks the rows up).
void announce_mail(const rmqrpc::request& r, int count);

}  // namespace cambio::db_proxy
