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

void define_prepared(pqxx::connection_base& c, const query& q) {
  // Only the connection's own registry: no round trip (the statement reaches the server with its
  // first execution).
  c.prepare(std::string(q.name), std::string(q.sql));
}

}  // namespace cambio::db_proxy
