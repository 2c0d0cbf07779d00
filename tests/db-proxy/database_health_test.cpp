// What the "database" health check reports for each combination of pool, schema and ping.

#include <catch2/catch.hpp>

#include "db_proxy/database_health.hpp"

using namespace cambio::db_proxy;
using Catch::Matchers::Contains;
using std::chrono::seconds;

namespace {

const clock::time_point now = clock::now();

pool_state up_pool() { return {true, "", now - seconds(60), 2, 1, 8}; }
pool_state down_pool() { return {false, "connection refused", now - seconds(12), 0, 0, 8}; }
schema_status ready_schema() { return {schema_status::phase::ready, 3, 1, ""}; }
ping_outcome answered() { return {true, true, false, 0.42, ""}; }
ping_outcome failed() { return {true, false, false, 0, "database unavailable"}; }
ping_outcome running() { return {}; }

}  // namespace

TEST_CASE("a migrated database that answers is healthy", "[health]") {
  const auto check = assess_database(up_pool(), ready_schema(), answered(), now);
  CHECK(check.ok);
  CHECK_THAT(check.detail, Contains("up") && Contains("schema version 3") &&
                               Contains("ping 0.4 ms") && Contains("2/8 connections open"));
}

TEST_CASE("a failed ping makes the database down", "[health]") {
  const auto check = assess_database(down_pool(), ready_schema(), failed(), now);
  CHECK_FALSE(check.ok);
  CHECK_THAT(check.detail, Contains("down for 12 s: connection refused"));
}

TEST_CASE("a slow ping falls back on the pool's last known state", "[health]") {
  CHECK(assess_database(up_pool(), ready_schema(), running(), now).ok);
  const auto down = assess_database(down_pool(), ready_schema(), running(), now);
  CHECK_FALSE(down.ok);
  CHECK_THAT(down.detail, Contains("still running"));
}

TEST_CASE("a busy pool is not a database outage", "[health]") {
  const auto check =
      assess_database(up_pool(), ready_schema(), {true, false, true, 0, "busy"}, now);
  CHECK(check.ok);
  CHECK_THAT(check.detail, Contains("no connection free"));
}

TEST_CASE("pending or failed migrations are unhealthy", "[health]") {
  const auto pending =
      assess_database(up_pool(), {schema_status::phase::pending, 0, 2, "waiting"}, answered(), now);
  CHECK_FALSE(pending.ok);
  CHECK_THAT(pending.detail, Contains("migrations pending (waiting)"));

  const auto failed_schema = assess_database(
      up_pool(), {schema_status::phase::failed, 0, 1, "001_x.sql was changed"}, answered(), now);
  CHECK_FALSE(failed_schema.ok);
  CHECK_THAT(failed_schema.detail, Contains("migrations failed: 001_x.sql was changed"));
}
