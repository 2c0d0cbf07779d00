#pragma once
// The JSON API's own settings, read once at start beside the accounts' (defaults in parentheses):
//
//   CAMBIO_ACCESS_TOKEN_TTL_S (900)       an access token's lifetime
//   CAMBIO_REFRESH_TTL_S (2592000)        a refresh token's (30 days; rotation renews it)
//   CAMBIO_API_RATE_LIMIT (60)            requests per user and window on authenticated endpoints
//   CAMBIO_API_RATE_WINDOW_S (60)
//
// The tokens' HMAC key is derived from CAMBIO_SECRET_KEY (HMAC-SHA-256 of a fixed label), so one
// secret serves the CSRF tokens and the JWTs without either key revealing the other; `iss` is the
// public URL, `aud` "cambio-api".

#include <chrono>

#include "accounts/account_settings.hpp"
#include "api/access_token.hpp"
#include "cambio/config.hpp"
#include "rate_limiter.hpp"

namespace cambio::frontend::api {

struct api_settings {
  token_settings tokens;
  std::chrono::seconds refresh_ttl{std::chrono::hours(24 * 30)};
  rate_limit per_user;
};

// Throws cambio::config_error naming a bad setting.
api_settings api_settings_from(const cambio::config& cfg,
                               const accounts::account_settings& accounts);

}  // namespace cambio::frontend::api
