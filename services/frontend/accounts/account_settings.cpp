#include "accounts/account_settings.hpp"

namespace cambio::frontend::accounts {
namespace {

std::chrono::seconds seconds(const cambio::config& cfg, std::string_view key, std::int64_t fallback,
                             std::int64_t min, std::int64_t max) {
  return std::chrono::seconds(cfg.get_int(key, fallback, min, max));
}

}  // namespace

account_settings account_settings_from(const cambio::config& cfg,
                                       const std::string& default_public_url) {
  account_settings s;
  auto url = cfg.get("CAMBIO_PUBLIC_URL", default_public_url);
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw cambio::config_error("CAMBIO_PUBLIC_URL must start with http:// or https:// (got '" +
                               url + "')");
  }
  s.flows.public_url = url;
  s.cookies = cookie_settings_for(url);

  const auto key = cfg.find("CAMBIO_SECRET_KEY");
  if (!key || key->size() < k_min_secret_key) {
    throw cambio::config_error(
        std::string("CAMBIO_SECRET_KEY ") + (key ? "is too short" : "is required") +
        ": a random secret of at least " + std::to_string(k_min_secret_key) +
        " characters that signs the CSRF tokens of the web pages (e.g. `openssl rand -base64 48`; "
        "deploy/up.sh generates one under var/)");
  }
  s.secret_key = *key;

  s.sessions.idle = seconds(cfg, "CAMBIO_SESSION_IDLE_S", 1800, 60, 86400);
  s.sessions.absolute = seconds(cfg, "CAMBIO_SESSION_MAX_S", 43200, 60, 2592000);
  if (s.sessions.idle > s.sessions.absolute) {
    throw cambio::config_error("CAMBIO_SESSION_IDLE_S (" + std::to_string(s.sessions.idle.count()) +
                               ") must not exceed CAMBIO_SESSION_MAX_S (" +
                               std::to_string(s.sessions.absolute.count()) + ")");
  }
  s.flows.verify_ttl = seconds(cfg, "CAMBIO_VERIFY_TTL_S", 86400, 60, 604800);
  s.flows.resend_max_per_hour =
      static_cast<int>(cfg.get_int("CAMBIO_RESEND_MAX_PER_HOUR", 3, 1, 100));
  s.flows.login_max_failures =
      static_cast<int>(cfg.get_int("CAMBIO_LOGIN_MAX_FAILURES", 5, 1, 1000));
  s.flows.login_window = seconds(cfg, "CAMBIO_LOGIN_WINDOW_S", 900, 1, 86400);
  s.flows.login_lockout = seconds(cfg, "CAMBIO_LOGIN_LOCKOUT_S", 900, 1, 86400);
  s.resend_per_address_per_hour =
      static_cast<int>(cfg.get_int("CAMBIO_RESEND_PER_ADDRESS_PER_HOUR", 10, 1, 100000));
  s.register_per_address_per_hour =
      static_cast<int>(cfg.get_int("CAMBIO_REGISTER_PER_ADDRESS_PER_HOUR", 20, 1, 100000));
  return s;
}

}  // namespace cambio::frontend::accounts
