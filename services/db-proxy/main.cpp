// db-proxy: the only PostgreSQL client of Cambio. It migrates the schema at start and serves the
// db.* queues; see README.md.

#include "cambio/service.hpp"
#include "db_proxy/wiring.hpp"

int main(int argc, char** argv) {
  return cambio::run_service({"db-proxy", "db"}, argc, argv, cambio::db_proxy::wire);
}
