#pragma once
// Serving a table of db.* queues, each a function of (database, validated params, deadline):
//
//   serve(service, db, {{"db.alerts.get", get_alert}, ...});
//   serve_mailing(service, db, {{"db.alerts.evaluate", evaluate_rates}, ...});
//   serve_profile_changes(service, db, {{"db.accounts.update", update_account}, ...});
//
// A mailing handler's transaction queued `mails` outbox rows; once it has returned (committed),
// serve_mailing announces them (mail.queued) to wake the mailers. A profile-changing handler
// changed what db.accounts.profile answers for its params' `user_id`; once it has returned
// (committed), serve_profile_changes announces it (accounts.changed) to the frontends' profile
// caches.

#include <initializer_list>
#include <memory>
#include <utility>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

struct reply_with_mail {
  nlohmann::json reply;
  int mails = 0;  // outbox rows the handler's committed transaction queued
};

using queue_handler = nlohmann::json (*)(database&, const nlohmann::json&, clock::time_point);
using mailing_queue_handler = reply_with_mail (*)(database&, const nlohmann::json&,
                                                  clock::time_point);

void serve(cambio::service& service, const std::shared_ptr<database>& db,
           std::initializer_list<std::pair<const char*, queue_handler>> queues);
void serve_mailing(cambio::service& service, const std::shared_ptr<database>& db,
                   std::initializer_list<std::pair<const char*, mailing_queue_handler>> queues);
void serve_profile_changes(cambio::service& service, const std::shared_ptr<database>& db,
                           std::initializer_list<std::pair<const char*, queue_handler>> queues);

}  // namespace cambio::db_proxy
