// The db-proxy executable against a private vhost and database, called through rmqrpc: db.ping
// answers; with the database out it answers `unavailable` at once (not a timeout) and its health
// says the database is down; with the database back it answers again, same process. It waits for a
// database that is out when it starts, and refuses to run on a database whose applied migration
// differs from its own.

#include <map>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "database_outage.hpp"
#include "db_proxy/migration.hpp"
#include "rmqrpc/client.hpp"

using cambio::testing::database_outage;
using cambio::testing::eventually;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

std::map<std::string, std::string> settings_for(const cambio::testing::scoped_vhost& vhost,
                                                const cambio::testing::scoped_database& db) {
  return {{"CAMBIO_AMQP_URL", vhost.amqp_url()},
          {"CAMBIO_PG_URL", db.url()},
          {"CAMBIO_PG_POOL_SIZE", "2"},
          {"CAMBIO_PG_CONNECT_TIMEOUT_MS", "1000"},
          {"CAMBIO_ADMIN_PORT", "0"}};
}

rmqrpc::client_settings client_for(const cambio::testing::scoped_vhost& vhost) {
  rmqrpc::client_settings settings;
  settings.connection.url = vhost.amqp_url();
  settings.connection.name = "db-proxy-test";
  return settings;
}

std::optional<rmqrpc::errc> failure_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const rmqrpc::error& e) {
    return e.code();
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("db.ping through the broker: up, unavailable while the database is out, up again",
          "[db-proxy][e2e]") {
  cambio::testing::scoped_vhost vhost;
  cambio::testing::scoped_database db;
  cambio::testing::service_process proxy(CAMBIO_DB_PROXY_EXECUTABLE, settings_for(vhost, db));
  cambio::metrics::registry metrics;
  rmqrpc::client rpc(client_for(vhost), metrics);
  const auto call = [&](const char* queue) {
    return rpc.call(queue, nlohmann::json::object(), {.timeout = milliseconds(3000)});
  };
  const auto& schemas = cambio::contracts::schema_catalog::embedded();

  // Until db-proxy has declared its queue and migrated, calls fail: wait for the first answer.
  REQUIRE(eventually([&] { return !failure_of([&] { call("db.ping"); }); }, seconds(60)));
  const auto pong = call("db.ping");
  CHECK(schemas.violations("db.ping.reply", pong).empty());
  CHECK(pong["database"] == "up");
  CHECK(pong["schema_version"] == cambio::db_proxy::embedded_migrations().back().version);
  CHECK(call("db.health")["checks"]["database"]["ok"] == true);

  {
    database_outage outage(db.name());
    const auto started = std::chrono::steady_clock::now();
    CHECK(failure_of([&] { call("db.ping"); }) == rmqrpc::errc::unavailable);
    CHECK(std::chrono::steady_clock::now() - started < seconds(2));  // an answer, not a timeout

    const auto health = call("db.health");
    CHECK(schemas.violations("db.health.reply", health).empty());
    CHECK(health["healthy"] == false);
    CHECK(health["checks"]["database"]["ok"] == false);
  }

  const auto back = call("db.ping");
  CHECK(back["database"] == "up");
  CHECK(call("db.health")["healthy"] == true);
  CHECK(proxy.running());
}

TEST_CASE("db-proxy waits for a database that is out when it starts", "[db-proxy][e2e]") {
  cambio::testing::scoped_vhost vhost;
  cambio::testing::scoped_database db;
  database_outage outage(db.name());
  cambio::testing::service_process proxy(CAMBIO_DB_PROXY_EXECUTABLE, settings_for(vhost, db));
  cambio::metrics::registry metrics;
  rmqrpc::client rpc(client_for(vhost), metrics);
  const auto call = [&](const char* queue) {
    return rpc.call(queue, nlohmann::json::object(), {.timeout = milliseconds(3000)});
  };

  // Serving already, database or not: health answers, and says the database is down.
  REQUIRE(eventually([&] { return !failure_of([&] { call("db.health"); }); }, seconds(60)));
  const auto health = call("db.health");
  CHECK(health["checks"]["database"]["ok"] == false);
  CHECK(failure_of([&] { call("db.ping"); }) == rmqrpc::errc::unavailable);

  outage.end();
  REQUIRE(eventually([&] { return !failure_of([&] { call("db.ping"); }); }, seconds(30)));
  CHECK(call("db.health")["checks"]["database"]["ok"] == true);
  CHECK(proxy.running());
}

TEST_CASE("db-proxy refuses to run when an applied migration differs from its own",
          "[db-proxy][e2e]") {
  cambio::testing::scoped_vhost vhost;
  cambio::testing::scoped_database db;
  {
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    tx.exec(
        "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum "
        "text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT "
        "NULL)");
    tx.exec("INSERT INTO schema_migrations VALUES (1, 'foundation', 'edited', now(), 0)");
    tx.commit();
  }
  cambio::testing::service_process proxy(CAMBIO_DB_PROXY_EXECUTABLE, settings_for(vhost, db));
  REQUIRE(eventually([&] { return !proxy.running(); }, seconds(30)));
  CHECK(proxy.exit_code() == 3);
}
