#pragma once
// Browser sessions, stored server-side by db-proxy (db.sessions.*): the browser holds an opaque
// random id (secret_token.hpp) in a cookie; db-proxy holds only its SHA-256, the user, the
// session's CSRF token, an idle expiry (extended by every use, never past the absolute one) and
// an absolute expiry. Logging in always makes a new session and revokes the one it replaces
// (rotation: an id planted before login is worthless after it); logging out revokes it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "accounts/account_backend.hpp"

namespace cambio::frontend::accounts {

struct session_settings {
  std::chrono::seconds idle{1800};       // CAMBIO_SESSION_IDLE_S
  std::chrono::seconds absolute{43200};  // CAMBIO_SESSION_MAX_S
};

struct new_session {
  std::string id;          // for the cookie
  std::string csrf_token;  // for the session's forms
  std::string expires_at;  // the idle expiry
};

// The signed-in user of a session, as db.sessions.get answers.
struct session_user {
  std::int64_t user_id = 0;
  std::string username;
  std::string email;
  std::string default_currency;
  std::string csrf_token;
  std::string session_id;  // the cookie's value
};

// A new session for `user_id`, revoking `replaces` (a previous session id) in the same
// transaction. Throws rmqrpc::error.
new_session start_session(account_backend& backend, const session_settings& s, std::int64_t user_id,
                          const std::optional<std::string>& replaces);

// The session's user, or nullopt when the id is malformed, unknown, revoked or expired. Throws
// rmqrpc::error for server-side failures.
std::optional<session_user> find_session(account_backend& backend, const std::string& session_id);

// Revokes the session; false if it was not active. Throws rmqrpc::error.
bool end_session(account_backend& backend, const std::string& session_id);

}  // namespace cambio::frontend::accounts
