#pragma once
// Which backend services answer their `<prefix>.health` queue right now.

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rmqrpc/client.hpp"

namespace cambio::frontend {

struct backend_status {
  std::string service;     // "db-proxy"
  std::string queue;       // "db.health"
  bool available = false;  // answered in time
  bool healthy = false;    // and reported itself healthy
  std::string detail;      // its version when available, otherwise why not
};

// Asks every backend in parallel; each gets `timeout`. A backend that does not answer in time is
// reported unavailable: this never waits much longer than `timeout`.
std::vector<backend_status> probe_backends(rmqrpc::client& client,
                                           std::chrono::milliseconds timeout);

// {"backends": [{"service", "queue", "available", "healthy", "detail"}, ...]}
nlohmann::json to_json(const std::vector<backend_status>& backends);

}  // namespace cambio::frontend
