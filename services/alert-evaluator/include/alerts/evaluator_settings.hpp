#pragma once
// alert-evaluator's settings, read once by its wiring (see README.md for each one):
//   CAMBIO_ALERTS_SWEEP_S           seconds between two sweeps (default 60)
//   CAMBIO_ALERTS_SWEEP_SETS        rate sets per db.alerts.sweep call (default 10, 1..100)
//   CAMBIO_ALERTS_DIGEST_HOUR       the daily digest's hour, UTC (default 7, 0..23)
//   CAMBIO_ALERTS_CALL_TIMEOUT_MS   deadline of each db.alerts.* call (default 30000)

#include <chrono>

#include "cambio/config.hpp"

namespace cambio::alerts {

struct evaluator_settings {
  std::chrono::seconds sweep_every{60};
  int sweep_sets = 10;
  int digest_hour = 7;
  std::chrono::milliseconds call_timeout{30000};
};

// Throws cambio::config_error naming an invalid setting.
evaluator_settings read_evaluator_settings(const cambio::config& cfg);

}  // namespace cambio::alerts
