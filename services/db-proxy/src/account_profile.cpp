// db.accounts.profile, db.accounts.update, db.accounts.password: a user's own profile, their
// default currency, and a new password — which ends every other session of the user and every
// refresh-token family, so a thief holding either is out once the owner changes the password.

#include <optional>
#include <string>

#include "cambio/currency.hpp"
#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_select_profile{"select_profile", R"(
  SELECT u.id, u.username, u.email, u.default_currency,
         to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), p.etag
  FROM users u LEFT JOIN pictures p ON p.user_id = u.id
  WHERE u.id = $1)"};

constexpr query k_update_currency{"update_default_currency", R"(
  UPDATE users SET default_currency = $2 WHERE id = $1)"};

constexpr query k_update_password{"update_password", R"(
  UPDATE users SET password_hash = $2 WHERE id = $1)"};

// $2 NULL: every live session of the user.
constexpr query k_revoke_other_sessions{"revoke_other_sessions", R"(
  UPDATE sessions SET revoked_at = now()
  WHERE user_id = $1 AND revoked_at IS NULL AND session_hash IS DISTINCT FROM $2)"};

constexpr query k_revoke_user_families{"revoke_user_refresh_families", R"(
  UPDATE refresh_families SET revoked_at = now(), revoked_reason = 'password'
  WHERE user_id = $1 AND revoked_at IS NULL)"};

[[noreturn]] void no_user(std::int64_t user_id) {
  throw rmqrpc::error(rmqrpc::errc::not_found, "no user " + std::to_string(user_id));
}

nlohmann::json read_profile(pqxx::transaction_base& tx, std::int64_t user_id) {
  const auto rows = exec(tx, k_select_profile, user_id);
  if (rows.empty()) no_user(user_id);
  const auto& r = rows[0];
  nlohmann::json profile = {
      {"user_id", r[0].as<std::int64_t>()},   {"username", r[1].as<std::string>()},
      {"email", r[2].as<std::string>()},      {"default_currency", r[3].as<std::string>()},
      {"created_at", r[4].as<std::string>()}, {"has_picture", !r[5].is_null()}};
  if (!r[5].is_null()) profile["picture_etag"] = r[5].as<std::string>();
  return profile;
}

}  // namespace

nlohmann::json account_profile(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  return db.pool.with_connection(k_select_profile.name, deadline, [&](pqxx::connection& c) {
    // One statement: no BEGIN/COMMIT around it.
    pqxx::nontransaction tx(c);
    return read_profile(tx, user_id);
  });
}

nlohmann::json update_account(database& db, const nlohmann::json& params,
                              clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  const auto& currency = params.at("default_currency").get_ref<const std::string&>();
  if (const auto problem = cambio::currency::problem(currency)) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "default_currency: " + *problem);
  }
  return db.pool.with_connection(k_update_currency.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (exec(tx, k_update_currency, user_id, currency).affected_rows() == 0) no_user(user_id);
    auto profile = read_profile(tx, user_id);
    tx.commit();
    return profile;
  });
}

nlohmann::json change_password(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  std::optional<std::string> keep;
  if (params.contains("keep_session_hash")) keep = params["keep_session_hash"].get<std::string>();
  return db.pool.with_connection(k_update_password.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto& hash = params.at("password_hash").get_ref<const std::string&>();
    if (exec(tx, k_update_password, user_id, hash).affected_rows() == 0) no_user(user_id);
    const char* kept = keep ? keep->c_str() : nullptr;  // libpqxx 6: a null pointer is NULL
    const auto revoked = exec(tx, k_revoke_other_sessions, user_id, kept).affected_rows();
    exec(tx, k_revoke_user_families, user_id);
    tx.commit();
    return nlohmann::json{{"revoked_sessions", revoked}};
  });
}

}  // namespace cambio::db_proxy
