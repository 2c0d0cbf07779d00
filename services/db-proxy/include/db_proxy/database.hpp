#pragma once
// db-proxy's database: the connection pool and the schema state that every db.* handler needs.
// Shared (std::shared_ptr) by the handlers, the health check and the stop hook of the service.

#include <functional>
#include <string>
#include <vector>

#include "db_proxy/connection_pool.hpp"
#include "db_proxy/migration.hpp"
#include "db_proxy/schema_upgrade.hpp"

namespace cambio::db_proxy {

struct database {
  database(pool_settings settings, cambio::metrics::registry& metrics,
           std::vector<migration> migrations, schema_upgrade_settings upgrade_settings,
           schema_upgrade::fatal_handler on_fatal);

  // Throws rmqrpc::error(unavailable) until the schema is migrated: handlers call it first.
  void require_ready() const;

  connection_pool pool;
  schema_upgrade schema;  // declared after `pool`, which it uses
};

}  // namespace cambio::db_proxy
