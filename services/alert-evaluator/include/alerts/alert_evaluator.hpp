#pragma once
// What alert-evaluator does with each event and each sweep. The decisions themselves are made in
// PostgreSQL by db-proxy (db.alerts.*, exactly once per crossing: a rate set evaluated twice, or
// a tick seen twice, fires nothing the second time); this class turns events into those calls,
// counts what they report and keeps the health of the sweep.
//
//   rates.updated {provider, date, ...}   → db.alerts.evaluate {provider, date} while `more`
//   prices.tick   {symbol, price, at, ...} → db.alerts.tick {symbol, price, at}
//   every sweep:  db.alerts.sweep {max_sets} while `more`, then db.alerts.digest {cutoff}
//
// A failed call in an event handler throws: the event is not acknowledged, so rmqrpc delivers it
// again and dead-letters it (`<queue>.dlq`) after its delivery limit — an event is never lost
// silently, and the sweep catches up on a rate set whose event was dead-lettered.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "alerts/evaluator_settings.hpp"
#include "cambio/health_report.hpp"
#include "cambio/metrics.hpp"

namespace cambio::alerts {

// One db-proxy call: returns the result, throws rmqrpc::error (the wiring binds it to the RPC
// client, with the request id and the call timeout).
using db_call = std::function<nlohmann::json(std::string_view queue, const nlohmann::json& params)>;

struct sweep_report {
  int calls = 0;          // db.alerts.sweep calls made
  int sets = 0;           // rate sets evaluated
  int fired = 0;          // firings of those sets
  bool complete = false;  // the last sweep call said there was no more (not stopped, no failure)
  std::optional<int> digest_mails;  // db.alerts.digest's mails, when it answered
  std::string error;                // the first failure, "" when none
};

class alert_evaluator {
 public:
  alert_evaluator(evaluator_settings settings, cambio::metrics::registry& metrics);

  // A rates.updated event. Throws whatever the call throws (the event is redelivered).
  void rates_updated(const nlohmann::json& event, const db_call& call);
  // A prices.tick event. Throws whatever the call throws (the event is redelivered).
  void price_tick(const nlohmann::json& event, const db_call& call);
  // One sweep at `now`: sweeps while there is more (until `stop` is requested), then asks for the
  // digest — also when the sweep failed, since the digest does not depend on it. Never throws: a
  // failure is in the report (and in health()).
  sweep_report sweep(const db_call& call, std::chrono::system_clock::time_point now,
                     const std::stop_token& stop = {});

  // The health check "sweep": ok once a sweep has worked (or before the first), not ok with the
  // error of the last one that failed.
  cambio::health_check health() const;
  const evaluator_settings& settings() const { return settings_; }

 private:
  evaluator_settings settings_;
  cambio::metrics::counter& sets_evaluated_;
  cambio::metrics::counter& sets_duplicate_;
  cambio::metrics::counter& fired_;
  cambio::metrics::counter& ticks_;
  cambio::metrics::counter& sweeps_;
  cambio::metrics::counter& sweep_failures_;
  cambio::metrics::counter& digest_mails_;
  mutable std::mutex mutex_;
  cambio::health_check health_{true, "no sweep yet"};
};

}  // namespace cambio::alerts
