#pragma once
// A SQL statement and the name it goes by in logs and metrics. Every statement db-proxy runs is a
// named constant beside the code that runs it:
//
//   constexpr query k_select_one{"select_one", "SELECT 1"};
//   auto rows = exec(tx, k_select_one);

#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>

namespace cambio::db_proxy {

struct query {
  std::string_view name;
  std::string_view sql;
};

// Runs `q` with positional parameters ($1, $2, ...) in `tx`.
template <class... Args>
pqxx::result exec(pqxx::transaction_base& tx, const query& q, Args&&... args) {
  return tx.exec_params(std::string(q.sql), std::forward<Args>(args)...);
}

}  // namespace cambio::db_proxy
