#include "api/api_settings.hpp"

#include "accounts/secret_token.hpp"

namespace cambio::frontend::api {

api_settings api_settings_from(const cambio::config& cfg,
                               const accounts::account_settings& accounts) {
  api_settings s;
  s.tokens.key =
      accounts::hmac_sha256_base64url(accounts.secret_key, "cambio api access tokens v1");
  s.tokens.issuer = accounts.flows.public_url;
  s.tokens.audience = "cambio-api";
  s.tokens.lifetime =
      std::chrono::seconds(cfg.get_int("CAMBIO_ACCESS_TOKEN_TTL_S", 900, 60, 86400));
  s.refresh_ttl =
      std::chrono::seconds(cfg.get_int("CAMBIO_REFRESH_TTL_S", 30 * 86400, 3600, 90 * 86400));
  s.per_user.limit = static_cast<int>(cfg.get_int("CAMBIO_API_RATE_LIMIT", 60, 1, 1'000'000));
  s.per_user.window = std::chrono::seconds(cfg.get_int("CAMBIO_API_RATE_WINDOW_S", 60, 1, 86400));
  return s;
}

}  // namespace cambio::frontend::api
