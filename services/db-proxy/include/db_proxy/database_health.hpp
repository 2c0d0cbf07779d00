#pragma once
// The "database" health check of db-proxy: healthy when the schema is migrated and the database
// answers a ping. Bounded: a check waits at most `budget` for its ping, then reports the pool's
// last known state; at most one ping is in flight, however often health is asked.

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "db_proxy/connection_pool.hpp"
#include "db_proxy/schema_upgrade.hpp"

namespace cambio::db_proxy {

struct database;

struct database_check {
  bool ok = false;
  std::string detail;
};

// The outcome of the check's ping.
struct ping_outcome {
  bool finished = false;  // false: still running after the budget
  bool ok = false;
  bool pool_busy = false;  // no connection was free within the budget
  double latency_ms = 0;
  std::string error;
};

// What the check says, given what it found (pure).
database_check assess_database(const pool_state& pool, const schema_status& schema,
                               const ping_outcome& ping, clock::time_point now);

class database_health {
 public:
  explicit database_health(std::shared_ptr<database> db,
                           std::chrono::milliseconds budget = std::chrono::milliseconds(400));
  ~database_health();
  database_health(const database_health&) = delete;
  database_health& operator=(const database_health&) = delete;

  database_check check();

 private:
  std::shared_ptr<database> db_;
  const std::chrono::milliseconds budget_;
  std::mutex mutex_;
  std::shared_future<ping_outcome> probe_;
};

}  // namespace cambio::db_proxy
