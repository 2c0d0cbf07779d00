// db.mail.claim, db.mail.sent, db.mail.failed: the mailers' side of the outbox.
//
// The claim leases rows: `claimed_by`/`claimed_until` are set in the same statement that picks
// them, and the pick skips rows another claim has locked (FOR UPDATE SKIP LOCKED), so concurrent
// mailers never get the same row; a row whose lease has passed is claimable again (its mailer died
// or hung). Marking sent or failed requires the lease to be the caller's: a mailer whose lease
// was taken over cannot overwrite what the new holder does.

#include <algorithm>

#include "db_proxy/database.hpp"
#include "db_proxy/mail.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/sql_values.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_claim_mails{"claim_mails", R"(
  UPDATE mail_outbox
  SET claimed_by = $1, claimed_until = now() + make_interval(secs => $3)
  WHERE id IN (
    SELECT id FROM mail_outbox
    WHERE status = 'pending' AND next_attempt_at <= now()
      AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY next_attempt_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
  RETURNING id, template, recipient, params::text, message_id, attempts,
            extract(epoch FROM next_attempt_at)::float8)"};

constexpr query k_mark_sent{"mark_mails_sent", R"(
  UPDATE mail_outbox
  SET status = 'sent', sent_at = now(), claimed_by = NULL, claimed_until = NULL
  WHERE id = ANY($2::bigint[]) AND claimed_by = $1 AND status = 'pending')"};

// The lease is released either way: a retry is claimable once due, by any mailer.
constexpr query k_mark_failed{"mark_mail_failed", R"(
  UPDATE mail_outbox
  SET attempts = attempts + 1, last_error = $3,
      status = CASE WHEN $4 THEN 'dead' ELSE 'pending' END,
      next_attempt_at = CASE WHEN $4 THEN next_attempt_at
                             ELSE now() + make_interval(secs => $5) END,
      claimed_by = NULL, claimed_until = NULL
  WHERE id = $1 AND claimed_by = $2 AND status = 'pending'
  RETURNING status, attempts)"};

std::vector<std::string> id_texts(const nlohmann::json& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(std::to_string(id.get<std::int64_t>()));
  return out;
}

}  // namespace

nlohmann::json claim_mails(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto& worker = params.at("worker").get_ref<const std::string&>();
  const auto limit = params.at("limit").get<int>();
  const auto lease_s = params.at("lease_s").get<double>();
  return db.pool.with_connection(k_claim_mails.name, deadline, [&](pqxx::connection& c) {
    // One statement (autocommit): its FOR UPDATE SKIP LOCKED holds the picked rows only while it
    // sets their lease, which is all the lease needs.
    pqxx::nontransaction tx(c);
    const auto rows = exec(tx, k_claim_mails, worker, limit, lease_s);
    struct claimed {
      std::int64_t id;
      double due;
      nlohmann::json mail;
    };
    std::vector<claimed> mails;
    for (const auto& row : rows) {
      const auto id = row[0].as<std::int64_t>();
      mails.push_back({id,
                       row[6].as<double>(),
                       {{"id", id},
                        {"template", row[1].as<std::string>()},
                        {"recipient", row[2].as<std::string>()},
                        {"params", nlohmann::json::parse(row[3].as<std::string>())},
                        {"message_id", row[4].as<std::string>()},
                        {"attempts", row[5].as<int>()}}});
    }
    // UPDATE ... RETURNING has no order: the oldest due first, as claimed.
    std::sort(mails.begin(), mails.end(), [](const claimed& a, const claimed& b) {
      return std::tie(a.due, a.id) < std::tie(b.due, b.id);
    });
    nlohmann::json out = nlohmann::json::array();
    for (auto& m : mails) out.push_back(std::move(m.mail));
    return nlohmann::json{{"mails", std::move(out)}};
  });
}

nlohmann::json mark_mails_sent(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  const auto& worker = params.at("worker").get_ref<const std::string&>();
  const auto ids = pg_array(id_texts(params.at("ids")));
  return db.pool.with_connection(k_mark_sent.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement (autocommit)
    const auto marked = exec(tx, k_mark_sent, worker, ids).affected_rows();
    return nlohmann::json{{"marked", marked}};
  });
}

nlohmann::json mark_mail_failed(database& db, const nlohmann::json& params,
                                clock::time_point deadline) {
  db.require_ready();
  const auto id = params.at("id").get<std::int64_t>();
  const auto& worker = params.at("worker").get_ref<const std::string&>();
  const auto& error = params.at("error").get_ref<const std::string&>();
  const bool dead = params.value("dead", false);
  const double retry_in_s = params.value("retry_in_s", 0.0);
  return db.pool.with_connection(k_mark_failed.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement (autocommit)
    const auto rows = exec(tx, k_mark_failed, id, worker, error, dead, retry_in_s);
    if (rows.empty()) {
      throw rmqrpc::error(rmqrpc::errc::failed_precondition,
                          "mail " + std::to_string(id) + " is not held by " + worker +
                              " (already marked, or its lease passed and another mailer took it)");
    }
    return nlohmann::json{{"status", rows[0][0].as<std::string>()},
                          {"attempts", rows[0][1].as<int>()}};
  });
}

}  // namespace cambio::db_proxy
