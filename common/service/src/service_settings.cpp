#include "cambio/service_settings.hpp"

namespace cambio {

service_settings read_service_settings(const config& cfg, const std::string& service_name) {
  service_settings s;
  s.client.connection.url = cfg.required("CAMBIO_AMQP_URL");
  s.client.connection.name = service_name;
  s.client.default_timeout =
      std::chrono::milliseconds(cfg.get_int("CAMBIO_RPC_TIMEOUT_MS", 5000, 1, 600'000));
  s.server.connection = s.client.connection;
  s.server.workers = static_cast<std::size_t>(cfg.get_int("CAMBIO_RPC_WORKERS", 8, 1, 256));
  s.server.prefetch = static_cast<std::uint16_t>(cfg.get_int("CAMBIO_RPC_PREFETCH", 16, 1, 65535));
  s.admin.host = cfg.get("CAMBIO_ADMIN_HOST", "127.0.0.1");
  s.admin.port = cfg.get_port("CAMBIO_ADMIN_PORT", 0);
  s.log_format = cfg.get_choice("CAMBIO_LOG_FORMAT", "text", {"text", "json"}) == "json"
                     ? log::format::json
                     : log::format::text;
  s.log_level = spdlog::level::from_str(cfg.get_choice(
      "CAMBIO_LOG_LEVEL", "info", {"trace", "debug", "info", "warn", "error", "critical"}));
  return s;
}

}  // namespace cambio
