// db.sessions.create, db.sessions.get, db.sessions.revoke: browser sessions kept server-side by the
// sha256 of the cookie's value. A session ends at its idle expiry (moved forward by each use, never
// past the absolute one), its absolute expiry, or when revoked; an ended session is not_found.

#include <string>

#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_revoke_replaced{"revoke_replaced_session", R"(
  UPDATE sessions SET revoked_at = now() WHERE session_hash = $1 AND revoked_at IS NULL)"};

// A retry of the same create (same hash, same user) inserts nothing and finds the session held.
constexpr query k_insert_session{"insert_session", R"(
  INSERT INTO sessions (session_hash, user_id, csrf_token, idle_s, idle_expires_at,
                        absolute_expires_at)
  VALUES ($1, $2, $3, $4::integer, now() + make_interval(secs => $4::integer),
          now() + make_interval(secs => $5))
  ON CONFLICT (session_hash) DO NOTHING
  RETURNING to_char(idle_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"};

constexpr query k_held_session{"select_held_session", R"(
  SELECT to_char(idle_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM sessions
  WHERE session_hash = $1 AND user_id = $2 AND revoked_at IS NULL AND idle_expires_at > now())"};

constexpr query k_touch_session{"touch_session", R"(
  UPDATE sessions s
  SET idle_expires_at = least(now() + make_interval(secs => s.idle_s), s.absolute_expires_at)
  FROM users u
  WHERE s.session_hash = $1 AND u.id = s.user_id AND s.revoked_at IS NULL
    AND s.idle_expires_at > now() AND s.absolute_expires_at > now()
  RETURNING u.id, u.username, u.email, u.default_currency, s.csrf_token,
            to_char(s.idle_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"};

constexpr query k_revoke_session{"revoke_session", R"(
  UPDATE sessions SET revoked_at = now() WHERE session_hash = $1 AND revoked_at IS NULL
  RETURNING 1)"};

}  // namespace

nlohmann::json create_session(database& db, const nlohmann::json& params,
                              clock::time_point deadline) {
  db.require_ready();
  const auto& session_hash = params.at("session_hash").get_ref<const std::string&>();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  const auto idle_s = params.at("idle_s").get<int>();
  const auto absolute_s = params.at("absolute_s").get<int>();
  if (idle_s > absolute_s) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "idle_s (" + std::to_string(idle_s) +
                                                            ") is longer than absolute_s (" +
                                                            std::to_string(absolute_s) + ")");
  }
  return db.pool.with_connection(k_insert_session.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (params.contains("replaces") && params["replaces"] != session_hash) {
      exec(tx, k_revoke_replaced, params["replaces"].get<std::string>());
    }
    pqxx::result rows;
    try {
      rows = exec(tx, k_insert_session, session_hash, user_id,
                  params.at("csrf_token").get<std::string>(), idle_s, absolute_s);
    } catch (const pqxx::foreign_key_violation&) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no user " + std::to_string(user_id));
    }
    if (rows.empty()) rows = exec(tx, k_held_session, session_hash, user_id);
    if (rows.empty()) {
      throw rmqrpc::error(rmqrpc::errc::already_exists, "the session hash is already in use");
    }
    tx.commit();
    return nlohmann::json{{"expires_at", rows[0][0].as<std::string>()}};
  });
}

nlohmann::json get_session(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto& session_hash = params.at("session_hash").get_ref<const std::string&>();
  return db.pool.with_connection(k_touch_session.name, deadline, [&](pqxx::connection& c) {
    // One statement, atomic by itself (autocommit): no BEGIN/COMMIT around it.
    pqxx::nontransaction tx(c);
    const auto rows = exec(tx, k_touch_session, session_hash);
    if (rows.empty()) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no live session (unknown, expired or revoked)");
    }
    const auto& r = rows[0];
    return nlohmann::json{
        {"user_id", r[0].as<std::int64_t>()},   {"username", r[1].as<std::string>()},
        {"email", r[2].as<std::string>()},      {"default_currency", r[3].as<std::string>()},
        {"csrf_token", r[4].as<std::string>()}, {"expires_at", r[5].as<std::string>()}};
  });
}

nlohmann::json revoke_session(database& db, const nlohmann::json& params,
                              clock::time_point deadline) {
  db.require_ready();
  const auto& session_hash = params.at("session_hash").get_ref<const std::string&>();
  return db.pool.with_connection(k_revoke_session.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement (autocommit)
    const auto rows = exec(tx, k_revoke_session, session_hash);
    return nlohmann::json{{"revoked", !rows.empty()}};
  });
}

}  // namespace cambio::db_proxy
