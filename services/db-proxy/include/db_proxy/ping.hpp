#pragma once
// db.ping: whether the database answers, how fast, and at which schema version.
//   request {}  →  reply {"database": "up", "latency_ms": 0.4, "schema_version": 1}
// A database that does not answer gives `unavailable`.

#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "db_proxy/connection_pool.hpp"

namespace cambio {
class service;
}

namespace cambio::db_proxy {

struct database;

// The round trip of one `SELECT 1` on a pooled connection (waiting for the connection not
// included). Throws rmqrpc::error: unavailable, deadline_exceeded.
std::chrono::duration<double, std::milli> ping_database(connection_pool& pool,
                                                        clock::time_point deadline);

// The db.ping reply.
nlohmann::json ping(database& db, clock::time_point deadline);

// Serves db.ping.
void append_ping(cambio::service& service, std::shared_ptr<database> db);

}  // namespace cambio::db_proxy
