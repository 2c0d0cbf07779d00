#pragma once
// The alerts feature's settings, read once at start beside the accounts' (defaults in
// parentheses):
//
//   CAMBIO_ALERTS_PER_USER (100)   the most alerts one user may hold (db.alerts.create's
//                                  max_alerts; db-proxy counts)
//
// The unsubscribe links' key is derived from CAMBIO_SECRET_KEY (unsubscribe_link.hpp), the links
// point at CAMBIO_PUBLIC_URL.

#include <string>

#include "accounts/account_settings.hpp"
#include "cambio/config.hpp"

namespace cambio::frontend::alerts {

struct alert_settings {
  int max_alerts = 100;
  std::string public_url;       // links in mails: <public_url>/alerts/unsubscribe?t=...
  std::string unsubscribe_key;  // unsubscribe_key(CAMBIO_SECRET_KEY)
};

// Throws cambio::config_error naming a bad setting.
alert_settings alert_settings_from(const cambio::config& cfg,
                                   const accounts::account_settings& accounts);

}  // namespace cambio::frontend::alerts
