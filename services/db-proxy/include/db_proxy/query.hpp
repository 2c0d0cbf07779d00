#pragma once
// A SQL statement and the name it goes by in logs and metrics. Every statement db-proxy runs is a
// named constant beside the code that runs it:
//
//   constexpr query k_select_one{"select_one", "SELECT 1"};
//   auto rows = exec(tx, k_select_one);
//
// The pool's operations (connection_pool::with_connection) carry a name into the metrics; exec()
// logs the name of a statement that fails (logger "db.query", debug level), so a failure deep in a
// transaction says which statement it was.

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>

namespace cambio::db_proxy {

struct query {
  std::string_view name;
  std::string_view sql;
};

// Logs that `q` failed with `e`.
void log_query_failure(const query& q, const std::exception& e);

// Runs `q` with positional parameters ($1, $2, ...) in `tx`.
template <class... Args>
pqxx::result exec(pqxx::transaction_base& tx, const query& q, Args&&... args) {
  try {
    return tx.exec_params(std::string(q.sql), std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    log_query_failure(q, e);
    throw;
  }
}

}  // namespace cambio::db_proxy
