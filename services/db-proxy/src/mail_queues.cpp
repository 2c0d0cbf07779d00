// The db.mail.* queues (mail.hpp): thin handlers over the functions of mail_delivery.cpp and
// mail_admin.cpp; enqueue and retry announce the mails they make due (mail.queued) after the
// commit.

#include "cambio/service.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/mail.hpp"
#include "db_proxy/mail_outbox.hpp"
#include "db_proxy/queue_table.hpp"

namespace cambio::db_proxy {

void append_mail(cambio::service& service, std::shared_ptr<database> db) {
  serve(service, db,
        {{"db.mail.claim", claim_mails},
         {"db.mail.sent", mark_mails_sent},
         {"db.mail.failed", mark_mail_failed},
         {"db.mail.list", list_mails}});
  // These two make mails due: wake the mailers once the rows are committed.
  service.server().handle("db.mail.enqueue", [db](const rmqrpc::request& r) {
    auto reply = enqueue_mails(*db, r.params(), r.deadline());
    announce_mail(r, static_cast<int>(reply["ids"].size()));
    return reply;
  });
  service.server().handle("db.mail.retry", [db](const rmqrpc::request& r) {
    auto reply = retry_mails(*db, r.params(), r.deadline());
    if (const auto n = reply["requeued"].get<int>(); n > 0) announce_mail(r, n);
    return reply;
  });
}

}  // namespace cambio::db_proxy
