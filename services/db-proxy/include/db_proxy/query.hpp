#pragma once
// A SQL statement and the name it goes by in logs, metrics and on the server. Every statement
// db-proxy runs is a named constant beside the code that runs it:
//
//   constexpr query k_select_one{"select_one", "SELECT 1"};
//   auto rows = exec(tx, k_select_one);
//
// exec() runs a statement as a prepared statement of the connection it runs on: the first use on a
// connection parses it once (PQprepare), every later use only binds and executes it (one round
// trip, no parsing or planning from scratch). The name is the prepared statement's name, so a name
// stands for one SQL text throughout db-proxy (tests/db-proxy/query_names_test.cpp checks the
// sources; libpqxx throws on a connection that sees one name with two texts). A pooled connection
// that is lost is replaced by a new pqxx::connection, whose definitions start empty: each statement
// is prepared again on first use.
//
// A prepared statement is planned for each call's values 5 times; then PostgreSQL may keep a
// generic plan (plan_cache_mode = auto) that ignores the values. A statement whose good plan
// depends on its values (per-pair index range scans sized by the parameters) says
// `planning::per_call`: it is sent unprepared and planned for every call, as before.
//
//   const query k_evaluate_tick{"evaluate_tick", k_evaluate_tick_sql, planning::per_call};
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

// How a statement is planned.
enum class planning {
  prepared,  // prepared once per connection; PostgreSQL may settle on a generic plan
  per_call,  // sent unprepared (exec_params): parsed and planned for each call's values
};

struct query {
  std::string_view name;
  std::string_view sql;
  planning plan = planning::prepared;
};

// Logs that `q` failed with `e`.
void log_query_failure(const query& q, const std::exception& e);

// Defines `q` as a prepared statement of `c` (libpqxx prepares it on the server at its first
// execution). Defining it again with the same text does nothing; another text under the same name
// throws pqxx::argument_error.
void define_prepared(pqxx::connection_base& c, const query& q);

// Runs `q` with positional parameters ($1, $2, ...) in `tx`: prepared on the transaction's
// connection unless `q.plan` is planning::per_call.
template <class... Args>
pqxx::result exec(pqxx::transaction_base& tx, const query& q, Args&&... args) {
  try {
    if (q.plan == planning::per_call) {
      return tx.exec_params(std::string(q.sql), std::forward<Args>(args)...);
    }
    define_prepared(tx.conn(), q);
    return tx.exec_prepared(std::string(q.name), std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    log_query_failure(q, e);
    throw;
  }
}

}  // namespace cambio::db_proxy
