// db.tokens.issue, db.tokens.rotate, db.tokens.revoke: the API's rotating refresh tokens. A login
// starts a family; each refresh spends the presented token and adds its successor to the family.
// A spent token presented again means two parties hold the family's tokens (a thief and the owner):
// the whole family is revoked, and both must log in again.

#include <string>

#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_insert_family{"insert_refresh_family", R"(
  INSERT INTO refresh_families (user_id) VALUES ($1) RETURNING id)"};

constexpr query k_insert_token{"insert_refresh_token", R"(
  INSERT INTO refresh_tokens (token_hash, family_id, expires_at)
  VALUES ($1, $2, now() + make_interval(secs => $3))
  RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"};

// Locks the token and its family: of two rotations at once, the second sees the first's result
// (the token spent) and is taken for reuse.
constexpr query k_lock_token{"lock_refresh_token", R"(
  SELECT t.family_id, f.user_id, t.used_at IS NOT NULL, t.replaced_by, t.expires_at <= now(),
         f.revoked_at IS NOT NULL
  FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
  WHERE t.token_hash = $1
  FOR UPDATE OF t, f)"};

constexpr query k_spend_token{"spend_refresh_token", R"(
  UPDATE refresh_tokens SET used_at = now(), replaced_by = $2 WHERE token_hash = $1)"};

constexpr query k_successor_expiry{"select_refresh_successor", R"(
  SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now())"};

constexpr query k_revoke_family{"revoke_refresh_family", R"(
  UPDATE refresh_families SET revoked_at = now(), revoked_reason = $2
  WHERE id = $1 AND revoked_at IS NULL)"};

constexpr query k_revoke_family_of{"revoke_refresh_family_of_token", R"(
  UPDATE refresh_families f SET revoked_at = now(), revoked_reason = 'logout'
  FROM refresh_tokens t
  WHERE t.token_hash = $1 AND f.id = t.family_id AND f.revoked_at IS NULL
  RETURNING f.id)"};

[[noreturn]] void refuse(const std::string& why) {
  throw rmqrpc::error(rmqrpc::errc::unauthenticated, "refresh token " + why);
}

// Inserts a token into `family`; a hash already held is already_exists.
std::string insert_token(pqxx::work& tx, const std::string& token_hash, std::int64_t family,
                         int expires_in_s) {
  try {
    return exec(tx, k_insert_token, token_hash, family, expires_in_s)[0][0].as<std::string>();
  } catch (const pqxx::unique_violation&) {
    throw rmqrpc::error(rmqrpc::errc::already_exists, "the refresh token hash is already in use");
  }
}

}  // namespace

nlohmann::json issue_refresh_token(database& db, const nlohmann::json& params,
                                   clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  return db.pool.with_connection(k_insert_family.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    std::int64_t family = 0;
    try {
      family = exec(tx, k_insert_family, user_id)[0][0].as<std::int64_t>();
    } catch (const pqxx::foreign_key_violation&) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no user " + std::to_string(user_id));
    }
    const auto expires_at = insert_token(tx, params.at("token_hash").get<std::string>(), family,
                                         params.at("expires_in_s").get<int>());
    tx.commit();
    return nlohmann::json{{"family_id", family}, {"expires_at", expires_at}};
  });
}

nlohmann::json rotate_refresh_token(database& db, const nlohmann::json& params,
                                    clock::time_point deadline) {
  db.require_ready();
  const auto& token_hash = params.at("token_hash").get_ref<const std::string&>();
  const auto& new_hash = params.at("new_token_hash").get_ref<const std::string&>();
  return db.pool.with_connection(k_lock_token.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto rows = exec(tx, k_lock_token, token_hash);
    if (rows.empty()) refuse("unknown");
    const auto& r = rows[0];
    const auto family = r[0].as<std::int64_t>();
    const auto user_id = r[1].as<std::int64_t>();
    const auto reply = [&](const std::string& expires_at) {
      return nlohmann::json{
          {"user_id", user_id}, {"family_id", family}, {"expires_at", expires_at}};
    };
    if (r[5].as<bool>()) refuse("revoked");
    if (r[2].as<bool>()) {
      // The same rotation again (its reply was lost, its successor unused yet) is answered again;
      // anything else is reuse.
      if (r[3].as<std::string>() == new_hash) {
        const auto successor = exec(tx, k_successor_expiry, new_hash);
        if (!successor.empty()) return reply(successor[0][0].as<std::string>());
      }
      exec(tx, k_revoke_family, family, "reuse");
      tx.commit();
      refuse("reused: the family is revoked");
    }
    if (r[4].as<bool>()) refuse("expired");
    exec(tx, k_spend_token, token_hash, new_hash);
    const auto expires_at =
        insert_token(tx, new_hash, family, params.at("expires_in_s").get<int>());
    tx.commit();
    return reply(expires_at);
  });
}

nlohmann::json revoke_refresh_token(database& db, const nlohmann::json& params,
                                    clock::time_point deadline) {
  db.require_ready();
  const auto& token_hash = params.at("token_hash").get_ref<const std::string&>();
  return db.pool.with_connection(k_revoke_family_of.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement (autocommit)
    const auto rows = exec(tx, k_revoke_family_of, token_hash);
    return nlohmann::json{{"revoked", !rows.empty()}};
  });
}

}  // namespace cambio::db_proxy
