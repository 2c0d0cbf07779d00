#include "alerts/evaluator_settings.hpp"

namespace cambio::alerts {

evaluator_settings read_evaluator_settings(const cambio::config& cfg) {
  evaluator_settings s;
  s.sweep_every = std::chrono::seconds(cfg.get_int("CAMBIO_ALERTS_SWEEP_S", 60, 1, 86'400));
  s.sweep_sets = static_cast<int>(cfg.get_int("CAMBIO_ALERTS_SWEEP_SETS", 10, 1, 100));
  s.digest_hour = static_cast<int>(cfg.get_int("CAMBIO_ALERTS_DIGEST_HOUR", 7, 0, 23));
  s.call_timeout =
      std::chrono::milliseconds(cfg.get_int("CAMBIO_ALERTS_CALL_TIMEOUT_MS", 30'000, 100, 600'000));
  return s;
}

}  // namespace cambio::alerts
