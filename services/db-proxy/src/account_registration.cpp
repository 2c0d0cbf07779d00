// db.accounts.register, db.accounts.verify, db.accounts.resend: an account is created pending and
// becomes active when an emailed link is followed. Every registration queues exactly one mail, in
// the same transaction as its change, whatever the outcome (the frontend answers the browser the
// same in every case, so the mail is the only place the outcome shows).

#include <string>

#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/mail_outbox.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// Any unique violation (username or lower(email)) inserts nothing; a concurrent registration of
// the same name waits for the other transaction and then finds its row. No row: see who holds what.
constexpr query k_insert_user{"insert_user", R"(
  INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
  ON CONFLICT DO NOTHING
  RETURNING id)"};

constexpr query k_user_by_email{"select_user_by_email", R"(
  SELECT id, username, email, status FROM users WHERE lower(email) = lower($1))"};

constexpr query k_insert_verification{"insert_email_verification", R"(
  INSERT INTO email_verifications (token_hash, user_id, expires_at)
  VALUES ($1, $2, now() + make_interval(secs => $3))
  RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))"};

// Locks the token, so two uses at once are one use and one not_found.
constexpr query k_lock_verification{"lock_email_verification", R"(
  SELECT user_id, used_at IS NOT NULL, expires_at <= now()
  FROM email_verifications WHERE token_hash = $1
  FOR UPDATE)"};

constexpr query k_use_verification{"use_email_verification", R"(
  UPDATE email_verifications SET used_at = now() WHERE token_hash = $1)"};

constexpr query k_activate_user{"activate_user", R"(
  UPDATE users SET status = 'active', verified_at = coalesce(verified_at, now())
  WHERE id = $1
  RETURNING id, username)"};

// The pending user a resend is for, locked so that concurrent resends count each other.
constexpr query k_lock_pending_user{"lock_pending_user_by_email", R"(
  SELECT id, username, email FROM users WHERE lower(email) = lower($1) AND status = 'pending'
  FOR UPDATE)"};

constexpr query k_verification_owner{"select_email_verification_owner", R"(
  SELECT user_id FROM email_verifications WHERE token_hash = $1)"};

constexpr query k_recent_verifications{"count_recent_email_verifications", R"(
  SELECT count(*) FROM email_verifications
  WHERE user_id = $1 AND created_at > now() - interval '1 hour')"};

[[noreturn]] void token_taken() {
  throw rmqrpc::error(rmqrpc::errc::already_exists,
                      "the verification token hash is already in use");
}

const std::string& text(const nlohmann::json& params, const char* name) {
  return params.at(name).get_ref<const std::string&>();
}

// A new verification token; returns its expiry (RFC 3339).
std::string insert_verification(pqxx::work& tx, const std::string& token_hash, std::int64_t user_id,
                                const nlohmann::json& params) {
  try {
    const auto rows =
        exec(tx, k_insert_verification, token_hash, user_id, params.at("expires_in_s").get<int>());
    return rows[0][0].as<std::string>();
  } catch (const pqxx::unique_violation&) {
    token_taken();
  }
}

}  // namespace

reply_with_mail register_account(database& db, const nlohmann::json& params,
                                 clock::time_point deadline) {
  db.require_ready();
  const auto& username = text(params, "username");
  const auto& email = text(params, "email");
  return db.pool.with_connection(k_insert_user.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto inserted = exec(tx, k_insert_user, username, email, text(params, "password_hash"));
    if (!inserted.empty()) {
      const auto user_id = inserted[0][0].as<std::int64_t>();
      const auto expires_at = insert_verification(tx, text(params, "token_hash"), user_id, params);
      enqueue_mail(tx, {"verify_email",
                        email,
                        {{"username", username},
                         {"verify_url", text(params, "verify_url")},
                         {"expires_at", expires_at}}});
      tx.commit();
      return reply_with_mail{{{"outcome", "created"}, {"user_id", user_id}}, 1};
    }
    // The email first: its owner is told (at the address they verified or registered), whoever
    // holds the username.
    const auto owner = exec(tx, k_user_by_email, email);
    if (!owner.empty()) {
      enqueue_mail(tx, {"already_registered",
                        owner[0][2].as<std::string>(),
                        {{"username", owner[0][1].as<std::string>()},
                         {"login_url", text(params, "login_url")},
                         {"resend_url", text(params, "resend_url")}}});
      tx.commit();
      return reply_with_mail{{{"outcome", "email_exists"}}, 1};
    }
    enqueue_mail(
        tx, {"username_taken",
             email,
             {{"requested_username", username}, {"register_url", text(params, "register_url")}}});
    tx.commit();
    return reply_with_mail{{{"outcome", "username_taken"}}, 1};
  });
}

nlohmann::json verify_email(database& db, const nlohmann::json& params,
                            clock::time_point deadline) {
  db.require_ready();
  const auto& token_hash = text(params, "token_hash");
  return db.pool.with_connection(k_lock_verification.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto token = exec(tx, k_lock_verification, token_hash);
    if (token.empty() || token[0][1].as<bool>()) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no such verification link (or already used)");
    }
    if (token[0][2].as<bool>()) {
      throw rmqrpc::error(rmqrpc::errc::failed_precondition, "the verification link has expired");
    }
    exec(tx, k_use_verification, token_hash);
    const auto user = exec(tx, k_activate_user, token[0][0].as<std::int64_t>());
    tx.commit();
    return nlohmann::json{{"user_id", user[0][0].as<std::int64_t>()},
                          {"username", user[0][1].as<std::string>()}};
  });
}

reply_with_mail resend_verification(database& db, const nlohmann::json& params,
                                    clock::time_point deadline) {
  db.require_ready();
  const auto& token_hash = text(params, "token_hash");
  return db.pool.with_connection(k_lock_pending_user.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto user = exec(tx, k_lock_pending_user, text(params, "email"));
    if (user.empty()) return reply_with_mail{{{"outcome", "not_pending"}}, 0};
    const auto user_id = user[0][0].as<std::int64_t>();

    // A retry of this very resend (its reply was lost): answered again, no second mail.
    const auto owner = exec(tx, k_verification_owner, token_hash);
    if (!owner.empty()) {
      if (owner[0][0].as<std::int64_t>() != user_id) token_taken();
      return reply_with_mail{{{"outcome", "sent"}}, 0};
    }
    const auto recent = exec(tx, k_recent_verifications, user_id)[0][0].as<int>();
    if (recent >= params.at("max_per_hour").get<int>()) {
      return reply_with_mail{{{"outcome", "throttled"}}, 0};
    }
    const auto expires_at = insert_verification(tx, token_hash, user_id, params);
    enqueue_mail(tx, {"verify_email",
                      user[0][2].as<std::string>(),
                      {{"username", user[0][1].as<std::string>()},
                       {"verify_url", text(params, "verify_url")},
                       {"expires_at", expires_at}}});
    tx.commit();
    return reply_with_mail{{{"outcome", "sent"}}, 1};
  });
}

}  // namespace cambio::db_proxy
