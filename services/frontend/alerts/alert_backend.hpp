#pragma once
// The backends of the alerts feature as one user action calls them: db-proxy's db.alerts.* queues
// (through accounts::account_backend, which carries the action's deadline) and the rates the list
// shows beside each alert (rates.latest once, rates.btc once per currency paired with BTC), all
// within the same 3 s. A rates backend that does not answer leaves the ratios out ("—"): the
// alerts still show; db-proxy down is an rmqrpc::error (503).

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/account_backend.hpp"
#include "alerts/pair_ratio.hpp"
#include "rates/rates_backend.hpp"

namespace cambio::frontend::alerts {

class alert_backend {
 public:
  alert_backend(accounts::account_backend& db, rates_backend& rates);

  // db.alerts.create → {alert, created}
  nlohmann::json create(const nlohmann::json& params);
  // db.alerts.list → {alerts, next_after_id}
  nlohmann::json list(const nlohmann::json& params);
  // db.alerts.get → {alert, history}; not_found for another user's id
  nlohmann::json get(std::int64_t user_id, std::int64_t alert_id, int history_limit = 50);
  // db.alerts.set_status → {alert}
  nlohmann::json set_status(std::int64_t user_id, std::int64_t alert_id, const std::string& status);
  // db.alerts.delete; not_found for an unknown id or another user's
  void remove(std::int64_t user_id, std::int64_t alert_id);
  // db.alerts.unsubscribe {public_id} | {digest_user_id} → how many alerts were paused
  std::int64_t unsubscribe(const nlohmann::json& params);

  // Asks rates.latest now (before the alerts are read, so that both wait at once).
  void start_rates();
  // The market for `alerts` (a list of alert objects): the rates.latest asked by start_rates (or
  // now) and rates.btc for the currencies paired with BTC. Never throws for the rates backend:
  // what did not come is missing, and `rates_missing` says so.
  market market_for(const nlohmann::json& alerts);
  bool rates_missing() const { return rates_missing_; }

 private:
  accounts::account_backend& db_;
  rates_backend& rates_;
  rmqrpc::clock::time_point deadline_;
  std::optional<std::future<nlohmann::json>> latest_;
  bool rates_missing_ = false;
};

}  // namespace cambio::frontend::alerts
