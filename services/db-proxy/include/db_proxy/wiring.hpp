#pragma once
// db-proxy's parts, wired into the service frame: the connection pool, the start-up migrations, the
// "database" health check and the db.* queues. The only place db-proxy reads its settings:
//   CAMBIO_PG_URL                 libpq URI or key=value string (required to run)
//   CAMBIO_PG_POOL_SIZE           connections at most (default 8)
//   CAMBIO_PG_CONNECT_TIMEOUT_MS  connect timeout (default 5000; libpq rounds up to seconds)
// Wiring connects nothing (`db-proxy --list-queues` wires it without any settings): the migrations,
// and with them the first connection, start in the service's on_start.

#include "cambio/config.hpp"
#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

// Throws cambio::config_error naming an invalid setting. The URL is "" when CAMBIO_PG_URL is unset.
pool_settings read_pool_settings(const cambio::config& cfg);

void wire(cambio::service& service);

}  // namespace cambio::db_proxy
