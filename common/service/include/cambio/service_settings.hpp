#pragma once
// The settings every service reads at start (see read_service_settings for the keys).

#include <string>

#include <spdlog/common.h>

#include "cambio/admin_server.hpp"
#include "cambio/config.hpp"
#include "cambio/log.hpp"
#include "rmqrpc/settings.hpp"

namespace cambio {

struct service_settings {
  rmqrpc::client_settings client;
  rmqrpc::server_settings server;
  admin_settings admin;
  log::format log_format = log::format::text;
  spdlog::level::level_enum log_level = spdlog::level::info;
};

// Reads CAMBIO_AMQP_URL (required), CAMBIO_ADMIN_HOST (127.0.0.1), CAMBIO_ADMIN_PORT (0:
// ephemeral), CAMBIO_LOG_FORMAT (text|json), CAMBIO_LOG_LEVEL
// (trace|debug|info|warn|error|critical; info), CAMBIO_RPC_WORKERS (8), CAMBIO_RPC_PREFETCH (16)
// and CAMBIO_RPC_TIMEOUT_MS (5000). `service_name` names the broker connections. Throws
// config_error naming the bad setting.
service_settings read_service_settings(const config& cfg, const std::string& service_name);

}  // namespace cambio
