#include "accounts/session_store.hpp"

#include "accounts/secret_token.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::accounts {

new_session start_session(account_backend& backend, const session_settings& s, std::int64_t user_id,
                          const std::optional<std::string>& replaces) {
  new_session out;
  const auto id = new_secret_token();
  out.id = id.token;
  out.csrf_token = new_secret_token().token;
  nlohmann::json params = {{"session_hash", id.hash},
                           {"user_id", user_id},
                           {"csrf_token", out.csrf_token},
                           {"idle_s", s.idle.count()},
                           {"absolute_s", s.absolute.count()}};
  if (replaces && is_token_shaped(*replaces)) params["replaces"] = sha256_hex(*replaces);
  out.expires_at = backend.call("db.sessions.create", params).at("expires_at").get<std::string>();
  return out;
}

std::optional<session_user> find_session(account_backend& backend, const std::string& session_id) {
  if (!is_token_shaped(session_id)) return std::nullopt;
  try {
    const auto r = backend.call("db.sessions.get", {{"session_hash", sha256_hex(session_id)}});
    session_user u;
    u.user_id = r.at("user_id").get<std::int64_t>();
    u.username = r.at("username").get<std::string>();
    u.email = r.at("email").get<std::string>();
    u.default_currency = r.at("default_currency").get<std::string>();
    u.csrf_token = r.at("csrf_token").get<std::string>();
    u.session_id = session_id;
    return u;
  } catch (const rmqrpc::error& e) {
    if (e.code() == rmqrpc::errc::not_found) return std::nullopt;
    throw;
  }
}

bool end_session(account_backend& backend, const std::string& session_id) {
  if (!is_token_shaped(session_id)) return false;
  return backend.call("db.sessions.revoke", {{"session_hash", sha256_hex(session_id)}})
      .at("revoked")
      .get<bool>();
}

}  // namespace cambio::frontend::accounts
