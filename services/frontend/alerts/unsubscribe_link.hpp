#pragma once
// The signed one-click unsubscribe links of alert mails (the alerts contract; RFC 8058):
//
//   <public url>/alerts/unsubscribe?t=<token>
//   token = base64url(scope) "." base64url(HMAC-SHA-256(key, "cambio-unsubscribe\0" + scope))
//   scope = "alert:<public_id>"   one alert (its random UUID, never its id)
//         | "digest:<user_id>"    every daily_digest alert of the user
//
// The links work without a session: the signature is the authority, so only the holder of the
// mail (or of the key) can make one. They never expire (a mail may be read months later) and
// pausing is idempotent, so a replayed link does no harm. The key is derived from
// CAMBIO_SECRET_KEY (unsubscribe_key), so it differs from the CSRF and the JWT keys. Pure
// functions over libsodium.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cambio::frontend::alerts {

// The longest token verify_unsubscribe_token looks at (a scope is short); longer ones are refused
// unread.
constexpr std::size_t k_max_unsubscribe_token = 256;

// HMAC-SHA-256(secret_key, "cambio unsubscribe links v1"): the links' key.
std::string unsubscribe_key(std::string_view secret_key);

std::string alert_scope(std::string_view public_id);
std::string digest_scope(std::int64_t user_id);

std::string sign_unsubscribe_token(std::string_view key, std::string_view scope);

// The scope of a token that `key` signed; nullopt for anything else (tampered scope or signature,
// another key, not base64url, no dot, oversized). Constant-time comparison.
std::optional<std::string> verify_unsubscribe_token(std::string_view key, std::string_view token);

// `public_url` + "/alerts/unsubscribe?t=" + the token of `scope`.
std::string unsubscribe_url(std::string_view public_url, std::string_view key,
                            std::string_view scope);

// What a verified scope names.
struct unsubscribe_target {
  std::optional<std::string> public_id;     // "alert:<uuid>"
  std::optional<std::int64_t> digest_user;  // "digest:<user id>"
};
// nullopt when the scope is neither form (a lowercase UUID; a positive decimal id).
std::optional<unsubscribe_target> parse_scope(std::string_view scope);

// True for a lowercase UUID: 8-4-4-4-12 hex digits.
bool is_uuid(std::string_view text);

}  // namespace cambio::frontend::alerts
