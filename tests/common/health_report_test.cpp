#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/health_report.hpp"

namespace {

cambio::health_inputs healthy_inputs() {
  cambio::health_inputs in;
  in.service = "db-proxy";
  in.version = "1.2.3";
  in.uptime = std::chrono::seconds(42);
  in.broker_connected = true;
  in.checks["database"] = {true, "3 of 8 connections in use"};
  in.queues.push_back({"db.health", 7, 1, 0, 2});
  return in;
}

}  // namespace

TEST_CASE("health report: every field of a healthy service") {
  CHECK(cambio::health_report(healthy_inputs()) == nlohmann::json::parse(R"({
    "service": "db-proxy", "version": "1.2.3", "healthy": true, "uptime_s": 42,
    "checks": {"database": {"ok": true, "detail": "3 of 8 connections in use"}},
    "broker": {"connected": true},
    "queues": {"db.health": {"handled": 7, "failed": 1, "dead_lettered": 0, "in_flight": 2}}
  })"));
}

TEST_CASE("health report: one failing check makes the service unhealthy") {
  auto in = healthy_inputs();
  in.checks["smtp"] = {false, "connection refused"};
  const auto report = cambio::health_report(in);
  CHECK(report.at("healthy") == false);
  CHECK(report.at("checks").at("smtp") ==
        nlohmann::json{{"ok", false}, {"detail", "connection refused"}});
  CHECK(report.at("checks").at("database").at("ok") == true);
}

TEST_CASE("health report: a lost broker makes the service unhealthy") {
  auto in = healthy_inputs();
  in.broker_connected = false;
  const auto report = cambio::health_report(in);
  CHECK(report.at("healthy") == false);
  CHECK(report.at("broker").at("connected") == false);
}

TEST_CASE("health report: no checks and no queues are empty objects") {
  cambio::health_inputs in;
  in.broker_connected = true;
  const auto report = cambio::health_report(in);
  CHECK(report.at("healthy") == true);
  CHECK(report.at("checks") == nlohmann::json::object());
  CHECK(report.at("queues") == nlohmann::json::object());
}

TEST_CASE("health report: matches the health reply schema of every service") {
  const auto& schemas = cambio::contracts::schema_catalog::embedded();
  for (const auto& [service, prefix] :
       std::map<std::string, std::string>{{"db-proxy", "db"},
                                          {"frontend", "frontend"},
                                          {"rates-ingestor", "rates"},
                                          {"alert-evaluator", "alerts"},
                                          {"mailer", "mail"}}) {
    auto in = healthy_inputs();
    in.service = service;
    in.checks["broken"] = {false, "down"};
    CAPTURE(service);
    CHECK(schemas.violations(prefix + ".health.reply", cambio::health_report(in)).empty());
  }
}
