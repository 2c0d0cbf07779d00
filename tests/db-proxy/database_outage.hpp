#pragma once
// Puts one test database out of reach without stopping the shared test PostgreSQL: the database
// refuses new connections and its open sessions are terminated, until the outage ends.

#include <string>

#include <pqxx/pqxx>

#include "cambio/testing/infra.hpp"

namespace cambio::testing {

class database_outage {
 public:
  explicit database_outage(std::string database) : database_(std::move(database)) { begin(); }
  ~database_outage() {
    try {
      end();
    } catch (...) {
    }
  }
  database_outage(const database_outage&) = delete;
  database_outage& operator=(const database_outage&) = delete;

  void begin() {
    pqxx::connection admin(infra::get().pg_url);
    pqxx::nontransaction tx(admin);
    tx.exec("ALTER DATABASE " + tx.quote_name(database_) + " WITH ALLOW_CONNECTIONS false");
    tx.exec_params(
        // With a timeout, pg_terminate_backend waits until each session has ended.
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid "
        "<> pg_backend_pid()",
        database_);
    active_ = true;
  }

  void end() {
    if (!active_) return;
    pqxx::connection admin(infra::get().pg_url);
    pqxx::nontransaction tx(admin);
    tx.exec("ALTER DATABASE " + tx.quote_name(database_) + " WITH ALLOW_CONNECTIONS true");
    active_ = false;
  }

 private:
  std::string database_;
  bool active_ = false;
};

}  // namespace cambio::testing
