#include "db_proxy/ping.hpp"

#include "cambio/service.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_select_one{"select_one", "SELECT 1"};

}  // namespace

std::chrono::duration<double, std::milli> ping_database(connection_pool& pool,
                                                        clock::time_point deadline) {
  return pool.with_connection(k_select_one.name, deadline, [](pqxx::connection& c) {
    const auto started = std::chrono::steady_clock::now();
    pqxx::nontransaction tx(c);
    exec(tx, k_select_one);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  });
}

nlohmann::json ping(database& db, clock::time_point deadline) {
  db.require_ready();
  const auto latency = ping_database(db.pool, deadline);
  return {{"database", "up"},
          {"latency_ms", latency.count()},
          {"schema_version", db.schema.status().version}};
}

void append_ping(cambio::service& service, std::shared_ptr<database> db) {
  service.server().handle("db.ping", [db = std::move(db)](const rmqrpc::request& r) {
    return ping(*db, r.deadline());
  });
}

}  // namespace cambio::db_proxy
