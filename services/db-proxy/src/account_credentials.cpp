// db.accounts.credentials and db.accounts.login_result: the account a login names (the frontend
// checks the password against the returned hash), and the throttle of failed logins per account
// and per client address (table login_failures, migration 004: a fixed window opened by the first
// failure; the failure that reaches the limit locks the subject for lockout_s).

#include <string>
#include <vector>

#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/sql_values.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_user_by_username{"select_credentials_by_username", R"(
  SELECT id, username, email, status, password_hash FROM users WHERE username = $1)"};

constexpr query k_user_by_email{"select_credentials_by_email", R"(
  SELECT id, username, email, status, password_hash FROM users WHERE lower(email) = lower($1))"};

// Seconds until the longest lockout among the subjects ends (0: none), rounded up.
constexpr query k_retry_after{"select_login_lockout", R"(
  SELECT coalesce(max(ceil(extract(epoch FROM locked_until - now()))), 0)::integer
  FROM login_failures
  WHERE (scope, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    AND locked_until > now())"};

// A failure for each subject. A window or lockout that has passed starts over at this failure.
constexpr query k_count_failure{"count_login_failure", R"(
  INSERT INTO login_failures AS f (scope, subject, failures, window_start)
  SELECT scope, subject, 1, now() FROM unnest($1::text[], $2::text[]) AS s(scope, subject)
  ON CONFLICT (scope, subject) DO UPDATE SET
    failures     = CASE WHEN f.window_start <= now() - make_interval(secs => $3)
                          OR f.locked_until <= now() THEN 1 ELSE f.failures + 1 END,
    window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $3)
                          OR f.locked_until <= now() THEN now() ELSE f.window_start END,
    locked_until = CASE WHEN f.window_start <= now() - make_interval(secs => $3)
                          OR f.locked_until <= now() THEN NULL ELSE f.locked_until END)"};

// The failure that reaches the limit locks the subject (a lockout in force is not extended).
constexpr query k_lock_out{"lock_out_login", R"(
  UPDATE login_failures SET locked_until = now() + make_interval(secs => $3)
  WHERE (scope, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    AND failures >= $4 AND locked_until IS NULL)"};

constexpr query k_clear_account{"clear_login_failures", R"(
  DELETE FROM login_failures WHERE scope = 'account' AND subject = $1)"};

// The throttled subjects of a login: its account when known, and the client address.
struct subjects {
  std::vector<std::string> scopes{"address"};
  std::vector<std::string> keys;

  subjects(const std::string& address, const nlohmann::json& user_id) : keys{address} {
    if (!user_id.is_null()) {
      scopes.emplace_back("account");
      keys.push_back(std::to_string(user_id.get<std::int64_t>()));
    }
  }
};

}  // namespace

nlohmann::json account_credentials(database& db, const nlohmann::json& params,
                                   clock::time_point deadline) {
  db.require_ready();
  const auto& login = params.at("login").get_ref<const std::string&>();
  const auto& address = params.at("address").get_ref<const std::string&>();
  // A username never holds '@' (the schema's pattern), an email always does.
  const auto& by = login.find('@') == std::string::npos ? k_user_by_username : k_user_by_email;
  return db.pool.with_connection(by.name, deadline, [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    const auto rows = exec(tx, by, login);
    nlohmann::json user = nullptr;
    if (!rows.empty()) {
      const auto& r = rows[0];
      user = {{"user_id", r[0].as<std::int64_t>()},
              {"username", r[1].as<std::string>()},
              {"email", r[2].as<std::string>()},
              {"status", r[3].as<std::string>()},
              {"password_hash", r[4].as<std::string>()}};
    }
    const subjects s(address, user.is_null() ? nullptr : user["user_id"]);
    const auto retry =
        exec(tx, k_retry_after, pg_array(s.scopes), pg_array(s.keys))[0][0].as<int>();
    return nlohmann::json{{"user", std::move(user)}, {"retry_after_s", retry}};
  });
}

nlohmann::json record_login_result(database& db, const nlohmann::json& params,
                                   clock::time_point deadline) {
  db.require_ready();
  const auto& address = params.at("address").get_ref<const std::string&>();
  const auto user_id = params.value("user_id", nlohmann::json(nullptr));
  const subjects s(address, user_id);
  const auto scopes = pg_array(s.scopes);
  const auto keys = pg_array(s.keys);
  return db.pool.with_connection(k_count_failure.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (params.at("success").get<bool>()) {
      if (!user_id.is_null()) exec(tx, k_clear_account, s.keys.back());
    } else {
      exec(tx, k_count_failure, scopes, keys, params.at("window_s").get<int>());
      exec(tx, k_lock_out, scopes, keys, params.at("lockout_s").get<int>(),
           params.at("max_failures").get<int>());
    }
    const auto retry = exec(tx, k_retry_after, scopes, keys)[0][0].as<int>();
    tx.commit();
    return nlohmann::json{{"retry_after_s", retry}};
  });
}

}  // namespace cambio::db_proxy
