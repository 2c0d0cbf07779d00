// db.mail.enqueue, db.mail.list, db.mail.retry: the operators' side of the outbox (cambioctl mail,
// tests, benchmarks). The announcements (mail.queued) are the queue handlers' (mail_queues.cpp).

#include "db_proxy/database.hpp"
#include "db_proxy/mail.hpp"
#include "db_proxy/mail_outbox.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// Times as RFC 3339 UTC, as every time on the wire. Two statements rather than "$1 IS NULL OR
// status = $1", so that the one with a status walks the index mail_outbox_recent.
#define CAMBIO_MAIL_LIST_COLUMNS                                                        \
  "SELECT id, template, recipient, status, attempts, last_error, "                      \
  "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "          \
  "to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "             \
  "to_char(next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM " \
  "mail_outbox "

constexpr query k_list_mails{"list_mails",
                             CAMBIO_MAIL_LIST_COLUMNS "ORDER BY created_at DESC, id DESC LIMIT $1"};
constexpr query k_list_mails_of_status{
    "list_mails_of_status",
    CAMBIO_MAIL_LIST_COLUMNS "WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2"};

#undef CAMBIO_MAIL_LIST_COLUMNS

constexpr query k_retry_one{"retry_mail", R"(
  UPDATE mail_outbox
  SET status = 'pending', attempts = 0, next_attempt_at = now(), claimed_by = NULL,
      claimed_until = NULL
  WHERE id = $1 AND status = 'dead')"};

constexpr query k_retry_all_dead{"retry_all_dead_mails", R"(
  UPDATE mail_outbox
  SET status = 'pending', attempts = 0, next_attempt_at = now(), claimed_by = NULL,
      claimed_until = NULL
  WHERE status = 'dead')"};

constexpr query k_mail_status{"mail_status", "SELECT status FROM mail_outbox WHERE id = $1"};

nlohmann::json optional_text(const pqxx::field& f) {
  return f.is_null() ? nlohmann::json() : nlohmann::json(f.as<std::string>());
}

}  // namespace

nlohmann::json enqueue_mails(database& db, const nlohmann::json& params,
                             clock::time_point deadline) {
  db.require_ready();
  return db.pool.with_connection("enqueue_mails", deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& mail : params.at("mails")) {
      ids.push_back(enqueue_mail(
          tx, {mail.at("template").get<std::string>(), mail.at("recipient").get<std::string>(),
               mail.value("params", nlohmann::json::object())}));
    }
    tx.commit();
    return nlohmann::json{{"ids", std::move(ids)}};
  });
}

nlohmann::json list_mails(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto status = params.contains("status")
                          ? std::optional<std::string>(params["status"].get<std::string>())
                          : std::nullopt;
  const auto limit = params.at("limit").get<int>();
  return db.pool.with_connection(
      status ? k_list_mails_of_status.name : k_list_mails.name, deadline, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);  // one statement
        nlohmann::json mails = nlohmann::json::array();
        const auto rows = status ? exec(tx, k_list_mails_of_status, *status, limit)
                                 : exec(tx, k_list_mails, limit);
        for (const auto& row : rows) {
          mails.push_back({{"id", row[0].as<std::int64_t>()},
                           {"template", row[1].as<std::string>()},
                           {"recipient", row[2].as<std::string>()},
                           {"status", row[3].as<std::string>()},
                           {"attempts", row[4].as<int>()},
                           {"last_error", optional_text(row[5])},
                           {"created_at", row[6].as<std::string>()},
                           {"sent_at", optional_text(row[7])},
                           {"next_attempt_at", row[8].as<std::string>()}});
        }
        return nlohmann::json{{"mails", std::move(mails)}};
      });
}

nlohmann::json retry_mails(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  if (params.value("all_dead", false)) {
    return db.pool.with_connection(k_retry_all_dead.name, deadline, [&](pqxx::connection& c) {
      pqxx::nontransaction tx(c);  // one statement (autocommit)
      const auto requeued = exec(tx, k_retry_all_dead).affected_rows();
      return nlohmann::json{{"requeued", requeued}};
    });
  }
  const auto id = params.at("id").get<std::int64_t>();
  return db.pool.with_connection(k_retry_one.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto requeued = exec(tx, k_retry_one, id).affected_rows();
    if (requeued == 0) {
      const auto rows = exec(tx, k_mail_status, id);
      const auto name = "mail " + std::to_string(id);
      if (rows.empty()) throw rmqrpc::error(rmqrpc::errc::not_found, "no " + name);
      throw rmqrpc::error(rmqrpc::errc::failed_precondition,
                          name + " is " + rows[0][0].as<std::string>() + ", not dead");
    }
    tx.commit();
    return nlohmann::json{{"requeued", requeued}};
  });
}

}  // namespace cambio::db_proxy
