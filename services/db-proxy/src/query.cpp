#include "db_proxy/query.hpp"

#include "cambio/log.hpp"

namespace cambio::db_proxy {

void log_query_failure(const query& q, const std::exception& e) {
  static const auto logger = cambio::log::get("db.query");
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    logger->debug("query {} failed (SQLSTATE {}): {}", q.name, sql->sqlstate(), e.what());
  } else {
    logger->debug("query {} failed: {}", q.name, e.what());
  }
}

}  // namespace cambio::db_proxy
