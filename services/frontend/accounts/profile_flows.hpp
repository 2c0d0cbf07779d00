#pragma once
// The signed-in user's own profile: read it, set the default currency, change the password, store
// and read the picture. Every function takes the user id of the session (session_store.hpp) and
// nothing else names a user: there is no way to ask for someone else's data (issue #4 item 8).

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/account_backend.hpp"
#include "accounts/account_flows.hpp"
#include "accounts/session_store.hpp"

namespace cambio::frontend::accounts {

class profile_cache;

struct profile {
  std::int64_t user_id = 0;
  std::string username;
  std::string email;
  std::string default_currency;
  std::string created_at;
  bool has_picture = false;
  std::string picture_etag;  // "" without a picture
};

// From the cache (profile_cache.hpp) or db-proxy. Throws rmqrpc::error.
profile load_profile(account_backend& backend, profile_cache& cache, std::int64_t user_id);

// Sets the default currency after checking it against common/currency (an unknown or retired code
// → rmqrpc::error invalid_argument naming it, nothing sent); this replica's cached profile goes at
// once, the others' on db-proxy's accounts.changed. Throws rmqrpc::error.
profile set_default_currency(account_backend& backend, profile_cache& cache, std::int64_t user_id,
                             const std::string& currency);

enum class password_change_status { changed, wrong_password, weak, throttled };

struct password_change_result {
  password_change_status status = password_change_status::wrong_password;
  std::string problem;  // weak: why
  std::chrono::seconds retry_after{0};
  int revoked_sessions = 0;  // changed: the user's other sessions ended
};

// Checks the current password (a wrong one counts as a failed login of the account, so the form
// cannot be used to guess it), the new one's policy, then stores the new hash and ends every other
// session of the user. Throws rmqrpc::error.
password_change_result change_password(account_backend& backend, const flow_settings& s,
                                       const session_user& user, const std::string& address,
                                       const std::string& current_password,
                                       const std::string& new_password);

// Stores a normalized picture (picture.hpp) as the user's; returns its etag. The cached profile
// goes as with set_default_currency. Throws rmqrpc::error.
std::string store_picture(account_backend& backend, profile_cache& cache, std::int64_t user_id,
                          const std::string& png);

struct stored_picture {
  std::string png;
  std::string etag;
};

// The user's picture, or nullopt when none was uploaded. Throws rmqrpc::error.
std::optional<stored_picture> load_picture(account_backend& backend, std::int64_t user_id);

// Standard base64 with padding (the wire's png_base64), and back (nullopt when malformed).
std::string to_base64(const std::string& bytes);
std::optional<std::string> from_base64(const std::string& text);

}  // namespace cambio::frontend::accounts
