#include "db_proxy/queue_table.hpp"

#include "cambio/service.hpp"
#include "db_proxy/mail_outbox.hpp"

namespace cambio::db_proxy {

void serve(cambio::service& service, const std::shared_ptr<database>& db,
           std::initializer_list<std::pair<const char*, queue_handler>> queues) {
  for (const auto& [queue, handle] : queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      return handle(*db, r.params(), r.deadline());
    });
  }
}

void serve_mailing(cambio::service& service, const std::shared_ptr<database>& db,
                   std::initializer_list<std::pair<const char*, mailing_queue_handler>> queues) {
  for (const auto& [queue, handle] : queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      auto done = handle(*db, r.params(), r.deadline());
      if (done.mails > 0) announce_mail(r, done.mails);
      return std::move(done.reply);
    });
  }
}

}  // namespace cambio::db_proxy
