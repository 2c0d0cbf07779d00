#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cambio/admin_server.hpp"

TEST_CASE("admin server: /healthz follows the health callback, /metrics renders the registry") {
  cambio::metrics::registry registry;
  registry.counter("requests_total", "Requests").inc(2);
  std::atomic<bool> healthy = true;
  cambio::admin_server admin(
      {"127.0.0.1", 0},
      [&] {
        const bool now = healthy;
        return cambio::health_status{now, {{"healthy", now}, {"service", "test"}}};
      },
      registry);
  admin.start();
  REQUIRE(admin.port() != 0);
  httplib::Client http("127.0.0.1", admin.port());

  SECTION("healthy: 200 and the body") {
    const auto res = http.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(nlohmann::json::parse(res->body) ==
          nlohmann::json{{"healthy", true}, {"service", "test"}});
  }
  SECTION("unhealthy: 503 and the body") {
    healthy = false;
    const auto res = http.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(nlohmann::json::parse(res->body).at("healthy") == false);
  }
  SECTION("metrics: Prometheus text") {
    const auto res = http.Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4");
    CHECK_THAT(res->body, Catch::Contains("# TYPE requests_total counter\nrequests_total 2\n"));
  }
  SECTION("anything else: 404") {
    const auto res = http.Get("/nothing");
    REQUIRE(res);
    CHECK(res->status == 404);
  }
  SECTION("after stop nothing answers") {
    admin.stop();
    CHECK_FALSE(http.Get("/healthz"));
  }
}

TEST_CASE("admin server: a health callback that throws answers 500, and the server lives on") {
  cambio::metrics::registry registry;
  std::atomic<bool> fail = true;
  cambio::admin_server admin(
      {"127.0.0.1", 0},
      [&] {
        if (fail) throw std::runtime_error("check exploded");
        return cambio::health_status{true, {{"healthy", true}}};
      },
      registry);
  admin.start();
  httplib::Client http("127.0.0.1", admin.port());

  const auto failed = http.Get("/healthz");
  REQUIRE(failed);
  CHECK(failed->status == 500);
  fail = false;
  const auto ok = http.Get("/healthz");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("admin server: a port in use is an error naming it") {
  cambio::metrics::registry registry;
  const auto health = [] { return cambio::health_status{true, {}}; };
  cambio::admin_server first({"127.0.0.1", 0}, health, registry);
  first.start();
  cambio::admin_server second({"127.0.0.1", first.port()}, health, registry);
  CHECK_THROWS_WITH(second.start(), Catch::Contains(std::to_string(first.port())));
}
