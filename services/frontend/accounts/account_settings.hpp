#pragma once
// The accounts part of the frontend's settings, read once at start (web_server.cpp). Defaults in
// parentheses; services/frontend/README.md lists them all.
//
//   CAMBIO_PUBLIC_URL                     the site's URL as browsers see it, for links in mails
//                                         (http://<CAMBIO_HTTP_HOST>:<CAMBIO_HTTP_PORT>); https →
//                                         Secure __Host- cookies
//   CAMBIO_SECRET_KEY                     REQUIRED, ≥ 32 characters: signs anonymous CSRF tokens
//   CAMBIO_SESSION_IDLE_S (1800)          CAMBIO_SESSION_MAX_S (43200)
//   CAMBIO_VERIFY_TTL_S (86400)           a verification link's lifetime
//   CAMBIO_RESEND_MAX_PER_HOUR (3)        verification mails per account and hour (db-proxy counts)
//   CAMBIO_RESEND_PER_ADDRESS_PER_HOUR (10), CAMBIO_REGISTER_PER_ADDRESS_PER_HOUR (20)
//                                         per client address, counted in this frontend's memory
//   CAMBIO_LOGIN_MAX_FAILURES (5), CAMBIO_LOGIN_WINDOW_S (900), CAMBIO_LOGIN_LOCKOUT_S (900)

#include <string>

#include "accounts/account_flows.hpp"
#include "accounts/cookies.hpp"
#include "accounts/session_store.hpp"
#include "cambio/config.hpp"

namespace cambio::frontend::accounts {

constexpr std::size_t k_min_secret_key = 32;

struct account_settings {
  flow_settings flows;
  session_settings sessions;
  cookie_settings cookies;
  std::string secret_key;
  int resend_per_address_per_hour = 10;
  int register_per_address_per_hour = 20;
};

// Throws cambio::config_error naming the setting (a missing or short CAMBIO_SECRET_KEY, an idle
// expiry above the absolute one, ...). `default_public_url` is the web port's own http URL.
account_settings account_settings_from(const cambio::config& cfg,
                                       const std::string& default_public_url);

}  // namespace cambio::frontend::accounts
