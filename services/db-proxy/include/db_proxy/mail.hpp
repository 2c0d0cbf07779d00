#pragma once
// The db.mail.* queues over the outbox of migration 003 (mail_outbox.hpp writes it). Schemas:
// proto-schemas/db.mail.*.json.
//
// The mailers' side — a claim is a lease, so a mailer that dies holding rows loses them when the
// lease passes, and another (or the restarted one) claims them again:
//   db.mail.claim   {worker, limit, lease_s}       → {mails: [{id, template, recipient, params,
//                                                     message_id, attempts}]}
//   db.mail.sent    {worker, ids}                  → {marked}   (rows the worker still holds)
//   db.mail.failed  {worker, id, error, retry_in_s | dead: true}  → {status, attempts}
// The operators' side (cambioctl mail, tests, benchmarks):
//   db.mail.enqueue {mails: [{template, recipient, params}]}     → {ids}      then mail.queued
//   db.mail.list    {status?, limit}               → {mails: [...]} newest first
//   db.mail.retry   {id} | {all_dead: true}        → {requeued}  then mail.queued
//
// Each function takes the validated request parameters and the request's deadline, and throws
// rmqrpc::error: not_found, failed_precondition (a row not held, a mail not dead), unavailable
// (the database). The queue handlers (append_mail) add the mail.queued announcements.

#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

nlohmann::json claim_mails(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json mark_mails_sent(database& db, const nlohmann::json& params,
                               clock::time_point deadline);
nlohmann::json mark_mail_failed(database& db, const nlohmann::json& params,
                                clock::time_point deadline);

nlohmann::json enqueue_mails(database& db, const nlohmann::json& params,
                             clock::time_point deadline);
nlohmann::json list_mails(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json retry_mails(database& db, const nlohmann::json& params, clock::time_point deadline);

// Serves the db.mail.* queues.
void append_mail(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
