#include "db_proxy/queue_table.hpp"

#include <exception>

#include "cambio/log.hpp"
#include "cambio/service.hpp"
#include "db_proxy/mail_outbox.hpp"

namespace cambio::db_proxy {
namespace {

void announce_profile_change(const rmqrpc::request& r, std::int64_t user_id) {
  try {
    r.publish("accounts.changed", {{"user_id", user_id}});
  } catch (const std::exception& e) {
    cambio::log::get("db.accounts")
        ->warn(
            "accounts.changed not published ({}); the frontends show user {}'s old profile "
            "until their cached copy expires",
            e.what(), user_id);
  }
}

}  // namespace

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

void serve_profile_changes(cambio::service& service, const std::shared_ptr<database>& db,
                           std::initializer_list<std::pair<const char*, queue_handler>> queues) {
  for (const auto& [queue, handle] : queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      auto reply = handle(*db, r.params(), r.deadline());
      announce_profile_change(r, r.params().at("user_id").get<std::int64_t>());
      return reply;
    });
  }
}

}  // namespace cambio::db_proxy
