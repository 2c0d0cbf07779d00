#pragma once
// The health report of a service, as answered on its `<prefix>.health` queue and on /healthz:
//
//   {"service": "db-proxy", "version": "0.1.0", "healthy": true, "uptime_s": 42,
//    "checks": {"database": {"ok": true, "detail": "3 of 8 connections in use"}},
//    "broker": {"connected": true},
//    "queues": {"db.health": {"handled": 7, "failed": 0, "dead_lettered": 0, "in_flight": 1}}}

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rmqrpc/server.hpp"

namespace cambio {

// One named check of a service's health (e.g. "database"): ok, and a short detail for operators.
struct health_check {
  bool ok = true;
  std::string detail;
};

struct health_inputs {
  std::string service;
  std::string version;
  std::chrono::seconds uptime{0};
  bool broker_connected = false;
  std::map<std::string, health_check> checks;
  std::vector<rmqrpc::queue_stats> queues;
};

// Healthy when the broker is connected and every check is ok.
nlohmann::json health_report(const health_inputs& in);

}  // namespace cambio
