#pragma once
// The db.alerts.* queues (migration 005_alerts.sql): a user's alerts, and their evaluation — which
// alerts a new rate set or BTC tick fires, decided in PostgreSQL with one index range scan per
// pair, each firing recorded once per (alert, window) in the same transaction as its outbox mail.
// Schemas: proto-schemas/db.alerts.*.json.
//
// Users' alerts (the frontend; user_id comes from the session or access token, and another user's
// alert is not_found):
//   db.alerts.create       {user_id, public_id, base, quote, condition, threshold, ...}  → {alert,
//   created} db.alerts.list         {user_id, base?, quote?, status?, limit, after_id?}  → {alerts,
//   next_after_id} db.alerts.get          {user_id, alert_id, history_limit?}  → {alert, history}
//   db.alerts.set_status   {user_id, alert_id, status}  → {alert}
//   db.alerts.delete       {user_id, alert_id}  → {deleted}
//   db.alerts.unsubscribe  {public_id} | {digest_user_id}  → {paused}
// Evaluation (the alert-evaluator):
//   db.alerts.evaluate     {provider, date}  → {evaluated: [{date, previous_date, fired}], fired,
//   mails, more} db.alerts.sweep        {max_sets}        → the same, over every provider
//   db.alerts.tick         {symbol, price, at}  → {fired, mails, ignored}
//   db.alerts.digest       {cutoff}          → {firings, mails}

#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"
#include "db_proxy/queue_table.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

nlohmann::json create_alert(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json list_alerts(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json get_alert(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json set_alert_status(database& db, const nlohmann::json& params,
                                clock::time_point deadline);
nlohmann::json delete_alert(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json unsubscribe_alerts(database& db, const nlohmann::json& params,
                                  clock::time_point deadline);

// These queue mails (reply_with_mail::mails, announced after the commit).
reply_with_mail evaluate_rates(database& db, const nlohmann::json& params,
                               clock::time_point deadline);
reply_with_mail sweep_alerts(database& db, const nlohmann::json& params,
                             clock::time_point deadline);
reply_with_mail evaluate_tick(database& db, const nlohmann::json& params,
                              clock::time_point deadline);
reply_with_mail send_digests(database& db, const nlohmann::json& params,
                             clock::time_point deadline);

// Serves the db.alerts.* queues.
void append_alerts(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
