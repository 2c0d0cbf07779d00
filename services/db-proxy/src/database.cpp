#include "db_proxy/database.hpp"

#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {

database::database(pool_settings settings, cambio::metrics::registry& metrics,
                   std::vector<migration> migrations, schema_upgrade_settings upgrade_settings,
                   schema_upgrade::fatal_handler on_fatal)
    : pool(std::move(settings), metrics),
      schema(pool, std::move(migrations), upgrade_settings, std::move(on_fatal)) {}

void database::require_ready() const {
  if (schema.ready()) return;
  const auto status = schema.status();
  throw rmqrpc::error(rmqrpc::errc::unavailable, "database not ready: schema migrations pending",
                      {{"reason", status.detail}});
}

}  // namespace cambio::db_proxy
