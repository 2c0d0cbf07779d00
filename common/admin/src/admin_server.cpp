#include "cambio/admin_server.hpp"

namespace cambio {

admin_server::admin_server(admin_settings settings, std::function<health_status()> health,
                           const metrics::registry& metrics)
    : settings_(std::move(settings)), http_("admin") {
  http_.routes().Get("/healthz",
                     [health = std::move(health)](const httplib::Request&, httplib::Response& res) {
                       const auto status = health();
                       res.status = status.healthy ? 200 : 503;
                       res.set_content(status.body.dump(), "application/json");
                     });
  http_.routes().Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.render(), "text/plain; version=0.0.4");
  });
}

void admin_server::start() { http_.start(settings_.host, settings_.port); }

void admin_server::stop() { http_.stop(); }

}  // namespace cambio
