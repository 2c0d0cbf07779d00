// Migrations against a real PostgreSQL: applied once, in order, each in its own transaction, once
// only even with two runners at the same time, and refused when an applied one has changed.

#include <latch>
#include <thread>

#include <catch2/catch.hpp>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "database_outage.hpp"
#include "db_proxy/connection_pool.hpp"
#include "db_proxy/migration_runner.hpp"
#include "db_proxy/schema_upgrade.hpp"

using namespace cambio::db_proxy;
using cambio::testing::scoped_database;
using Catch::Matchers::Contains;
using std::chrono::milliseconds;

namespace {

std::vector<migration> sample_migrations() {
  return load_migrations({
      // The sleep widens the window in which a second runner would apply it again.
      {"migrations/001_first.sql", "CREATE TABLE first (id int); SELECT pg_sleep(0.2);"},
      {"migrations/002_second.sql", "CREATE TABLE second (id int);"},
  });
}

long count(pqxx::connection& c, const std::string& sql) {
  pqxx::read_transaction tx(c);
  return tx.exec(sql)[0][0].as<long>();
}

// Advisory locks held (granted) or waited for in the database of `c` (pg_locks spans the cluster,
// which other tests share).
long advisory_locks(pqxx::connection& c, bool granted) {
  pqxx::read_transaction tx(c);
  return tx
      .exec_params(
          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = $1 AND "
          "database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          granted)[0][0]
      .as<long>();
}

bool table_exists(pqxx::connection& c, const std::string& name) {
  pqxx::read_transaction tx(c);
  return tx.exec_params("SELECT to_regclass($1) IS NOT NULL", name)[0][0].as<bool>();
}

}  // namespace

TEST_CASE("migrations apply once, in order, with their bookkeeping", "[migrations][integration]") {
  scoped_database db;
  pqxx::connection c(db.url());
  CHECK(read_applied_migrations(c).empty());

  const auto first = apply_migrations(c, sample_migrations());
  CHECK(first.applied == std::vector<int>{1, 2});
  CHECK(first.schema_version == 2);
  CHECK(table_exists(c, "first"));
  CHECK(table_exists(c, "second"));

  const auto applied = read_applied_migrations(c);
  REQUIRE(applied.size() == 2);
  CHECK(applied[0].version == 1);
  CHECK(applied[0].name == "first");
  CHECK(applied[0].checksum == sample_migrations()[0].checksum);
  CHECK(count(c, "SELECT count(*) FROM schema_migrations WHERE applied_at <= now()") == 2);

  const auto second = apply_migrations(c, sample_migrations());
  CHECK(second.applied.empty());
  CHECK(second.schema_version == 2);
  CHECK(read_applied_migrations(c).size() == 2);
}

TEST_CASE("a later build applies only its new migrations", "[migrations][integration]") {
  scoped_database db;
  pqxx::connection c(db.url());
  auto list = sample_migrations();
  const std::vector<migration> first_only{list[0]};
  CHECK(apply_migrations(c, first_only).applied == std::vector<int>{1});
  CHECK_FALSE(table_exists(c, "second"));
  CHECK(apply_migrations(c, list).applied == std::vector<int>{2});
}

TEST_CASE("the migrations of db-proxy build an empty database", "[migrations][integration]") {
  scoped_database db;
  pqxx::connection c(db.url());
  const auto& embedded = embedded_migrations();
  const auto report = apply_migrations(c, embedded);
  CHECK(report.schema_version == embedded.back().version);
  CHECK(report.applied.size() == embedded.size());
  CHECK(apply_migrations(c, embedded).applied.empty());
}

TEST_CASE("two runners at the same time apply each migration exactly once",
          "[migrations][integration]") {
  scoped_database db;
  const auto list = sample_migrations();
  std::latch start(2);
  migration_report reports[2];
  std::exception_ptr errors[2];
  std::vector<std::thread> runners;
  for (int i = 0; i < 2; ++i) {
    runners.emplace_back([&, i] {
      try {
        pqxx::connection c(db.url());
        start.arrive_and_wait();
        reports[i] = apply_migrations(c, list);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& t : runners) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  CHECK(reports[0].applied.size() + reports[1].applied.size() == 2);
  CHECK(reports[0].schema_version == 2);
  CHECK(reports[1].schema_version == 2);
  pqxx::connection c(db.url());
  CHECK(count(c, "SELECT count(*) FROM schema_migrations") == 2);
  // The lock is released: nobody holds an advisory lock on this database any more.
  CHECK(advisory_locks(c, true) == 0);
}

TEST_CASE("a changed applied migration is refused", "[migrations][integration]") {
  scoped_database db;
  pqxx::connection c(db.url());
  apply_migrations(c, sample_migrations());

  auto changed = load_migrations({
      {"migrations/001_first.sql", "CREATE TABLE first (id bigint);"},
      {"migrations/002_second.sql", "CREATE TABLE second (id int);"},
      {"migrations/003_third.sql", "CREATE TABLE third (id int);"},
  });
  CHECK_THROWS_AS(apply_migrations(c, changed), migration_error);
  CHECK_THROWS_WITH(apply_migrations(c, changed),
                    Contains("001_first.sql") && Contains("changed after it was applied"));
  CHECK_FALSE(table_exists(c, "third"));
  CHECK(advisory_locks(c, true) == 0);
}

TEST_CASE("a failing migration is rolled back and reported", "[migrations][integration]") {
  scoped_database db;
  pqxx::connection c(db.url());
  const auto list = load_migrations({
      {"migrations/001_ok.sql", "CREATE TABLE ok (id int);"},
      {"migrations/002_broken.sql", "CREATE TABLE half (id int); SELECT no_such_function();"},
  });
  CHECK_THROWS_WITH(apply_migrations(c, list),
                    Contains("002_broken.sql") && Contains("rolled back"));
  CHECK(table_exists(c, "ok"));
  CHECK_FALSE(table_exists(c, "half"));
  CHECK(read_applied_migrations(c).size() == 1);
}

TEST_CASE("start-up migrations wait for the database, then apply", "[migrations][integration]") {
  scoped_database db;
  cambio::metrics::registry metrics;
  connection_pool pool({db.url(), 2, milliseconds(2000), "db-proxy-test"}, metrics);
  std::string fatal;
  cambio::testing::database_outage outage(db.name());

  schema_upgrade upgrade(pool, sample_migrations(), {milliseconds(10), milliseconds(50)},
                         [&](const std::string& message) { fatal = message; });
  upgrade.start();
  REQUIRE(cambio::testing::eventually([&] { return upgrade.status().attempts >= 3; }));
  CHECK_FALSE(upgrade.ready());
  CHECK_THAT(upgrade.status().detail, Contains("database unreachable"));

  outage.end();
  REQUIRE(upgrade.wait_ready(milliseconds(10000)));
  CHECK(upgrade.status().version == 2);
  upgrade.stop();
  CHECK(fatal.empty());
}

TEST_CASE("start-up migrations stop at a changed migration", "[migrations][integration]") {
  scoped_database db;
  {
    pqxx::connection c(db.url());
    apply_migrations(c, load_migrations({{"migrations/001_first.sql", "SELECT 1;"}}));
  }
  cambio::metrics::registry metrics;
  connection_pool pool({db.url(), 2, milliseconds(2000), "db-proxy-test"}, metrics);
  std::string fatal;
  schema_upgrade upgrade(pool, sample_migrations(), {milliseconds(10), milliseconds(50)},
                         [&](const std::string& message) { fatal = message; });
  upgrade.start();
  CHECK_FALSE(upgrade.wait_ready(milliseconds(10000)));
  CHECK(upgrade.status().state == schema_status::phase::failed);
  upgrade.stop();  // joins the upgrade thread, which called on_fatal
  CHECK_THAT(fatal, Contains("001_first.sql"));
}

TEST_CASE("a runner waiting for another's migration lock can be stopped",
          "[migrations][integration]") {
  scoped_database db;
  pqxx::connection holder(db.url());
  {
    pqxx::nontransaction tx(holder);
    tx.exec_params("SELECT pg_advisory_lock($1)", k_migration_lock_key);
  }
  pqxx::connection c(db.url());
  std::stop_source stop;
  std::exception_ptr error;
  std::thread runner([&] {
    try {
      apply_migrations(c, sample_migrations(), stop.get_token());
    } catch (...) {
      error = std::current_exception();
    }
  });
  pqxx::connection observer(db.url());
  const bool waiting =
      cambio::testing::eventually([&] { return advisory_locks(observer, false) == 1; });
  stop.request_stop();
  runner.join();
  REQUIRE(waiting);
  REQUIRE(error);
  CHECK_THROWS_AS(std::rethrow_exception(error), migrations_stopped);
  CHECK_FALSE(table_exists(c, "first"));
  pqxx::read_transaction tx(c);
  CHECK(tx.exec("SHOW lock_timeout")[0][0].as<std::string>() == "0");  // left as it was
}
