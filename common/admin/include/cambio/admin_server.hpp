#pragma once
// The admin port of a service: GET /healthz (200 when healthy, 503 otherwise, a JSON body either
// way) and GET /metrics (Prometheus text of the service's metrics registry).

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "cambio/http_server.hpp"
#include "cambio/metrics.hpp"

namespace cambio {

struct admin_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port
};

// What /healthz answers: the status decides 200 or 503, the body is sent as is.
struct health_status {
  bool healthy = false;
  nlohmann::json body;
};

class admin_server {
 public:
  // `health` runs on every /healthz request; `metrics` must outlive the server.
  admin_server(admin_settings settings, std::function<health_status()> health,
               const metrics::registry& metrics);

  // Serves on its own thread. Throws std::runtime_error if the port cannot be bound.
  void start();
  void stop();

  // The bound port (the ephemeral one when configured with port 0); 0 before start().
  std::uint16_t port() const { return http_.port(); }

 private:
  admin_settings settings_;
  http_server http_;
};

}  // namespace cambio
