// exec() against a real PostgreSQL: a named statement is prepared once per pooled connection and
// reused by every kind of transaction, a per-call one is never prepared, a failure leaves the
// connection usable, and a connection the pool replaces prepares its statements again.

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "database_outage.hpp"
#include "db_proxy/connection_pool.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::db_proxy;
using cambio::testing::database_outage;
using cambio::testing::scoped_database;
using std::chrono::milliseconds;

namespace {

constexpr query k_add_one{"test_add_one", "SELECT $1::integer + 1"};
constexpr query k_add_two_per_call{"test_add_two", "SELECT $1::integer + 2", planning::per_call};
constexpr query k_broken{"test_broken", "SELECT no_such_column FROM pg_class"};

pool_settings settings_for(const scoped_database& db) {
  return {db.url(), 1, milliseconds(2000), "db-proxy-test"};
}

clock::time_point soon() { return clock::now() + milliseconds(5000); }

// The session's prepared statement `name`: its text and how often it ran (nullopt: none).
struct prepared_info {
  std::string statement;
  long runs;
};
std::optional<prepared_info> prepared(pqxx::connection& c, const std::string& name) {
  pqxx::nontransaction tx(c);
  const auto rows = tx.exec_params(
      "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements WHERE name = $1",
      name);
  if (rows.empty()) return std::nullopt;
  return prepared_info{rows[0][0].as<std::string>(), rows[0][1].as<long>()};
}

int add_one(connection_pool& pool, int n) {
  return pool.with_connection(k_add_one.name, soon(), [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return exec(tx, k_add_one, n)[0][0].as<int>();
  });
}

}  // namespace

TEST_CASE("a statement is prepared once per connection and reused by every transaction",
          "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  for (int i = 0; i < 7; ++i) CHECK(add_one(pool, i) == i + 1);
  pool.with_connection("check", soon(), [](pqxx::connection& c) {
    {
      pqxx::work tx(c);
      CHECK(exec(tx, k_add_one, 41)[0][0].as<int>() == 42);
      tx.commit();
    }
    {
      pqxx::read_transaction tx(c);
      CHECK(exec(tx, k_add_one, 1)[0][0].as<int>() == 2);
    }
    const auto info = prepared(c, "test_add_one");
    REQUIRE(info);
    CHECK(info->statement == "SELECT $1::integer + 1");
    CHECK(info->runs == 9);
  });
}

TEST_CASE("a per-call statement is never prepared", "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  pool.with_connection("check", soon(), [](pqxx::connection& c) {
    for (int i = 0; i < 3; ++i) {
      pqxx::nontransaction tx(c);
      CHECK(exec(tx, k_add_two_per_call, i)[0][0].as<int>() == i + 2);
    }
    CHECK_FALSE(prepared(c, "test_add_two"));
  });
}

TEST_CASE("a statement prepared in a transaction that rolls back stays prepared",
          "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  pool.with_connection("check", soon(), [](pqxx::connection& c) {
    {
      pqxx::work tx(c);
      CHECK(exec(tx, k_add_one, 1)[0][0].as<int>() == 2);
      tx.abort();
    }
    pqxx::work tx(c);
    CHECK(exec(tx, k_add_one, 2)[0][0].as<int>() == 3);
    tx.commit();
  });
}

TEST_CASE("a failing statement throws and leaves the connection usable", "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  for (int attempt = 0; attempt < 2; ++attempt) {
    CHECK_THROWS_AS(pool.with_connection("broken", soon(),
                                         [](pqxx::connection& c) {
                                           pqxx::work tx(c);
                                           exec(tx, k_broken);
                                         }),
                    pqxx::undefined_column);
  }
  CHECK(add_one(pool, 1) == 2);
  CHECK(pool.state().open == 1);
}

TEST_CASE("one name with a second text is refused", "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  CHECK(add_one(pool, 1) == 2);
  constexpr query impostor{"test_add_one", "SELECT $1::integer + 100"};
  CHECK_THROWS_AS(pool.with_connection("impostor", soon(),
                                       [&](pqxx::connection& c) {
                                         pqxx::nontransaction tx(c);
                                         exec(tx, impostor, 1);
                                       }),
                  pqxx::argument_error);
  CHECK(add_one(pool, 2) == 3);
}

TEST_CASE("a replaced connection prepares its statements again", "[query][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db), metrics);
  CHECK(add_one(pool, 1) == 2);
  const auto pid_before =
      pool.with_connection("pid", soon(), [](pqxx::connection& c) { return c.backendpid(); });
  {
    database_outage outage(db.name());  // terminates the pool's session
  }
  // The pool notices the closed connection (or the first call fails `unavailable`) and reconnects.
  std::optional<int> answer;
  for (int attempt = 0; attempt < 20 && !answer; ++attempt) {
    try {
      answer = add_one(pool, 5);
    } catch (const rmqrpc::error& e) {
      CHECK(e.code() == rmqrpc::errc::unavailable);
      std::this_thread::sleep_for(milliseconds(100));
    }
  }
  REQUIRE(answer);
  CHECK(*answer == 6);
  pool.with_connection("check", soon(), [&](pqxx::connection& c) {
    CHECK(c.backendpid() != pid_before);
    const auto info = prepared(c, "test_add_one");
    REQUIRE(info);
    CHECK(info->runs == 1);
  });
}
