#include "alerts/alert_settings.hpp"

#include "alerts/unsubscribe_link.hpp"

namespace cambio::frontend::alerts {

alert_settings alert_settings_from(const cambio::config& cfg,
                                   const accounts::account_settings& accounts) {
  alert_settings s;
  s.max_alerts = static_cast<int>(cfg.get_int("CAMBIO_ALERTS_PER_USER", 100, 1, 100000));
  s.public_url = accounts.flows.public_url;
  s.unsubscribe_key = unsubscribe_key(accounts.secret_key);
  return s;
}

}  // namespace cambio::frontend::alerts
