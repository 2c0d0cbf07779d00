#pragma once
// The accounts queues (issue #4): registration and email verification, credentials and login
// throttling, browser sessions, the profile, pictures and API refresh tokens. Tables: migration
// 004_accounts.sql. Schemas: proto-schemas/db.{accounts,sessions,pictures,tokens}.*.json; the wire
// is agreed with the frontend, which makes every random token and sends only sha256 hex of it.
//
//   db.accounts.register    {username, email, password_hash, token_hash, verify_url, expires_in_s,
//                            login_url, resend_url, register_url}  → {outcome, user_id?}
//   db.accounts.verify      {token_hash}                        → {user_id, username}
//   db.accounts.resend      {email, token_hash, verify_url, expires_in_s, max_per_hour} → {outcome}
//   db.accounts.credentials {login, address}                    → {user|null, retry_after_s}
//   db.accounts.login_result {login, address, user_id?, success, max_failures, window_s,
//                            lockout_s}                         → {retry_after_s}
//   db.sessions.create      {session_hash, user_id, csrf_token, idle_s, absolute_s, replaces?}
//                                                               → {expires_at}
//   db.sessions.get         {session_hash}    → {user_id, username, email, default_currency,
//                                                csrf_token, expires_at}
//   db.sessions.revoke      {session_hash}    → {revoked}
//   db.accounts.profile     {user_id}         → {user_id, username, email, default_currency,
//                                                created_at, has_picture, picture_etag?}
//   db.accounts.update      {user_id, default_currency}          → the profile
//   db.accounts.password    {user_id, password_hash, keep_session_hash?} → {revoked_sessions}
//   db.pictures.put         {user_id, png_base64} → {etag}
//   db.pictures.get         {user_id}             → {png_base64, etag, updated_at}
//   db.tokens.issue         {token_hash, user_id, expires_in_s}  → {family_id, expires_at}
//   db.tokens.rotate        {token_hash, new_token_hash, expires_in_s}
//                                                 → {user_id, family_id, expires_at}
//   db.tokens.revoke        {token_hash}          → {revoked}
//
// Each function takes the validated request parameters and the request's deadline and throws
// rmqrpc::error: invalid_argument (what the schema cannot say: a retired currency, a picture that
// is not a PNG), not_found, failed_precondition (an expired verification link), unauthenticated
// (a refresh token that cannot be rotated), already_exists (a token hash taken), unavailable (the
// database). A query that takes a user_id reads and changes only that user's rows.

#include <cstddef>
#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"
#include "db_proxy/queue_table.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

// account_registration.cpp
reply_with_mail register_account(database& db, const nlohmann::json& params,
                                 clock::time_point deadline);
nlohmann::json verify_email(database& db, const nlohmann::json& params, clock::time_point deadline);
reply_with_mail resend_verification(database& db, const nlohmann::json& params,
                                    clock::time_point deadline);

// account_credentials.cpp
nlohmann::json account_credentials(database& db, const nlohmann::json& params,
                                   clock::time_point deadline);
nlohmann::json record_login_result(database& db, const nlohmann::json& params,
                                   clock::time_point deadline);

// sessions.cpp
nlohmann::json create_session(database& db, const nlohmann::json& params,
                              clock::time_point deadline);
nlohmann::json get_session(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json revoke_session(database& db, const nlohmann::json& params,
                              clock::time_point deadline);

// account_profile.cpp
nlohmann::json account_profile(database& db, const nlohmann::json& params,
                               clock::time_point deadline);
nlohmann::json update_account(database& db, const nlohmann::json& params,
                              clock::time_point deadline);
nlohmann::json change_password(database& db, const nlohmann::json& params,
                               clock::time_point deadline);

// pictures.cpp
nlohmann::json put_picture(database& db, const nlohmann::json& params, clock::time_point deadline);
nlohmann::json get_picture(database& db, const nlohmann::json& params, clock::time_point deadline);

// refresh_tokens.cpp
nlohmann::json issue_refresh_token(database& db, const nlohmann::json& params,
                                   clock::time_point deadline);
nlohmann::json rotate_refresh_token(database& db, const nlohmann::json& params,
                                    clock::time_point deadline);
nlohmann::json revoke_refresh_token(database& db, const nlohmann::json& params,
                                    clock::time_point deadline);

// The largest picture db.pictures.put stores, decoded.
inline constexpr std::size_t k_max_picture_bytes = 512 * 1024;

// Serves the accounts queues above (account_queues.cpp).
void append_accounts(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
