#include "cambio/health_report.hpp"

namespace cambio {

nlohmann::json health_report(const health_inputs& in) {
  bool healthy = in.broker_connected;
  auto checks = nlohmann::json::object();
  for (const auto& [name, check] : in.checks) {
    checks[name] = {{"ok", check.ok}, {"detail", check.detail}};
    healthy = healthy && check.ok;
  }
  auto queues = nlohmann::json::object();
  for (const auto& q : in.queues) {
    queues[q.queue] = {{"handled", q.handled},
                       {"failed", q.failed},
                       {"dead_lettered", q.dead_lettered},
                       {"in_flight", q.in_flight}};
  }
  return {{"service", in.service},       {"version", in.version},
          {"healthy", healthy},          {"uptime_s", in.uptime.count()},
          {"checks", std::move(checks)}, {"broker", {{"connected", in.broker_connected}}},
          {"queues", std::move(queues)}};
}

}  // namespace cambio
