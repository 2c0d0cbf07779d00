#pragma once
// Brings the schema up to date when db-proxy starts, in the background: the service answers health
// requests (database down, migrations pending) and `db.*` requests (`unavailable`) meanwhile.
//
// While the database is unreachable the upgrade retries with exponential backoff and logs each
// attempt; it never gives up. A migration_error (an applied migration was changed, a migration
// fails) or any other error that retrying cannot fix goes to `on_fatal`: db-proxy's wiring logs it
// and ends the process, since serving on a wrong schema is worse than not serving.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "db_proxy/connection_pool.hpp"
#include "db_proxy/migration.hpp"

namespace cambio::db_proxy {

struct schema_upgrade_settings {
  std::chrono::milliseconds retry_min{250};
  std::chrono::milliseconds retry_max{10000};
};

struct schema_status {
  enum class phase { pending, ready, failed };
  phase state = phase::pending;
  int version = 0;     // the schema version once ready
  int attempts = 0;    // connection attempts so far
  std::string detail;  // why it is not ready yet, or why it failed
};

class schema_upgrade {
 public:
  using fatal_handler = std::function<void(const std::string& message)>;

  schema_upgrade(connection_pool& pool, std::vector<migration> migrations,
                 schema_upgrade_settings settings, fatal_handler on_fatal);
  ~schema_upgrade();
  schema_upgrade(const schema_upgrade&) = delete;
  schema_upgrade& operator=(const schema_upgrade&) = delete;

  // Starts the background upgrade (once).
  void start();
  // Interrupts a pending retry or a wait for another replica's migration lock, and joins (a
  // migration being applied is finished first). Idempotent.
  void stop();

  bool ready() const;
  schema_status status() const;
  // Waits until the upgrade is ready or failed, at most `timeout`; returns whether it is ready.
  bool wait_ready(std::chrono::milliseconds timeout) const;

 private:
  void run(const std::stop_token& stop);
  void finish(schema_status::phase phase, int version, std::string detail);

  connection_pool& pool_;
  const std::vector<migration> migrations_;
  const schema_upgrade_settings settings_;
  const fatal_handler on_fatal_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  schema_status status_;
  bool stopping_ = false;
  std::jthread worker_;
};

}  // namespace cambio::db_proxy
