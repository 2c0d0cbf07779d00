// The connection pool against a real PostgreSQL: queries, waiting for a free connection, failures
// that pass through, and an outage answered `unavailable` then recovered without a restart.

#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "database_outage.hpp"
#include "db_proxy/connection_pool.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::db_proxy;
using cambio::testing::database_outage;
using cambio::testing::scoped_database;
using std::chrono::milliseconds;

namespace {

pool_settings settings_for(const scoped_database& db, std::size_t size) {
  return {db.url(), size, milliseconds(2000), "db-proxy-test"};
}

clock::time_point in(milliseconds ms) { return clock::now() + ms; }

int select_one(connection_pool& pool) {
  return pool.with_connection("select_one", in(milliseconds(5000)), [](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return tx.exec("SELECT 1")[0][0].as<int>();
  });
}

rmqrpc::errc error_code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    return e.code();
  }
  FAIL("no rmqrpc::error was thrown");
  return rmqrpc::errc::internal;
}

}  // namespace

TEST_CASE("the pool runs queries and opens connections lazily", "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 3), metrics);
  CHECK(pool.state().open == 0);
  CHECK_FALSE(pool.state().up);

  CHECK(select_one(pool) == 1);
  CHECK(select_one(pool) == 1);
  const auto state = pool.state();
  CHECK(state.up);
  CHECK(state.open == 1);  // the same connection served both
  CHECK(state.busy == 0);
  CHECK(metrics.render().find("db_operation_duration_seconds_count{operation=\"select_one\"} 2") !=
        std::string::npos);
}

TEST_CASE("many threads share a small pool", "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 3), metrics);
  std::atomic<int> sum{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) sum += select_one(pool);
    });
  }
  for (auto& t : threads) t.join();
  CHECK(sum == 200);
  CHECK(pool.state().open <= 3);
  CHECK(pool.state().busy == 0);
}

TEST_CASE("a caller waits for a free connection until its deadline", "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 1), metrics);

  auto held = std::make_unique<connection_pool::lease>(pool.acquire(in(milliseconds(5000))));
  CHECK(error_code_of([&] { pool.acquire(in(milliseconds(50))); }) ==
        rmqrpc::errc::deadline_exceeded);

  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto l = pool.acquire(in(milliseconds(10000)));
    got = true;
  });
  held.reset();  // frees the only connection: the waiter takes it
  waiter.join();
  CHECK(got);
  CHECK(pool.state().open == 1);
}

TEST_CASE("statement errors pass through and keep the connection", "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 1), metrics);
  CHECK_THROWS_AS(pool.with_connection("bad", in(milliseconds(5000)),
                                       [](pqxx::connection& c) {
                                         pqxx::work tx(c);
                                         tx.exec("SELECT * FROM no_such_table");
                                       }),
                  pqxx::undefined_table);
  CHECK(pool.state().up);
  CHECK(pool.state().open == 1);
  CHECK(select_one(pool) == 1);
}

TEST_CASE("a database outage is unavailable, and the pool recovers by itself",
          "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 2), metrics);
  {
    // Open both connections.
    auto a = pool.acquire(in(milliseconds(5000)));
    auto b = pool.acquire(in(milliseconds(5000)));
  }
  REQUIRE(pool.state().open == 2);

  database_outage outage(db.name());
  for (int i = 0; i < 3; ++i) {
    CHECK(error_code_of([&] { select_one(pool); }) == rmqrpc::errc::unavailable);
  }
  const auto down = pool.state();
  CHECK_FALSE(down.up);
  CHECK_THAT(down.detail, Catch::Matchers::Contains("not currently accepting connections"));
  CHECK(down.open == 0);
  CHECK(down.busy == 0);
  CHECK(metrics.render().find("db_up 0") != std::string::npos);

  outage.end();
  CHECK(select_one(pool) == 1);
  CHECK(pool.state().up);
  CHECK(metrics.render().find("db_up 1") != std::string::npos);
}

TEST_CASE("a connection lost in the middle of a transaction is unavailable",
          "[pool][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool(settings_for(db, 1), metrics);
  CHECK(select_one(pool) == 1);

  CHECK(error_code_of([&] {
          pool.with_connection("interrupted", in(milliseconds(5000)), [&](pqxx::connection& c) {
            pqxx::work tx(c);
            tx.exec("SELECT 1");
            pqxx::connection admin(cambio::testing::infra::get().pg_url);
            pqxx::nontransaction kill(admin);
            kill.exec_params("SELECT pg_terminate_backend($1, 5000)", c.backendpid());
            tx.exec("SELECT 2");
          });
        }) == rmqrpc::errc::unavailable);
  CHECK(pool.state().open == 0);
  CHECK(select_one(pool) == 1);  // reconnected: the database itself is fine
}
