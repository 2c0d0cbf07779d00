// `cambioctl health`: status of each service, the table, the JSON and the exit code.

#include <catch2/catch.hpp>

#include "cambioctl/exit_codes.hpp"
#include "cambioctl/health_report.hpp"

using namespace cambio::cambioctl;
using nlohmann::json;

namespace {

json report(bool healthy) {
  return {
      {"service", "db-proxy"},
      {"version", "0.1.0"},
      {"healthy", healthy},
      {"uptime_s", 3725.4},
      {"checks", {{"database", {{"ok", healthy}, {"detail", healthy ? "2 ms" : "refused"}}}}},
      {"broker", {{"connected", true}}},
      {"queues",
       {{"db.health", {{"handled", 12}, {"failed", 0}, {"dead_lettered", 0}, {"in_flight", 0}}},
        {"db.ping", {{"handled", 40}, {"failed", 3}, {"dead_lettered", 1}, {"in_flight", 2}}}}}};
}

health_probe answered(const std::string& name, const std::string& prefix, json r) {
  return {{name, prefix}, std::move(r)};
}

health_probe silent(const std::string& name, const std::string& prefix) {
  health_probe p{{name, prefix}, std::nullopt};
  p.error_code = "unavailable";
  p.error_message = "no queue '" + prefix + ".health' (nothing serves it)";
  return p;
}

}  // namespace

TEST_CASE("the five services and their health queues") {
  const auto& services = cambio_services();
  REQUIRE(services.size() == 5);
  CHECK(services[0].name == "db-proxy");
  CHECK(services[0].health_queue() == "db.health");
  CHECK(services[1].health_queue() == "rates.health");
  CHECK(services[2].health_queue() == "alerts.health");
  CHECK(services[3].health_queue() == "mail.health");
  CHECK(services[4].health_queue() == "frontend.health");
}

TEST_CASE("status: up when healthy, unhealthy when not or when it answers an error, else down") {
  CHECK(status_of(answered("db-proxy", "db", report(true))) == health_status::up);
  CHECK(status_of(answered("db-proxy", "db", report(false))) == health_status::unhealthy);
  CHECK(status_of(answered("db-proxy", "db", json{{"healthy", "yes"}})) ==
        health_status::unhealthy);
  CHECK(status_of(silent("mailer", "mail")) == health_status::down);
  auto failed = silent("mailer", "mail");
  failed.error_reply = true;
  failed.error_code = "internal";
  CHECK(status_of(failed) == health_status::unhealthy);
}

TEST_CASE("uptime reads as the two largest units") {
  CHECK(format_uptime(0) == "0s");
  CHECK(format_uptime(59.9) == "59s");
  CHECK(format_uptime(723) == "12m 03s");
  CHECK(format_uptime(3725.4) == "1h 02m");
  CHECK(format_uptime(2 * 86400 + 4 * 3600 + 5) == "2d 04h");
  CHECK(format_uptime(-1) == "-");
}

TEST_CASE("the table shows each service, its queues, failed checks and why one is down") {
  const auto table = format_health_table({answered("db-proxy", "db", report(true)),
                                          answered("rates-ingestor", "rates",
                                                   [] {
                                                     auto r = report(false);
                                                     r["service"] = "rates-ingestor";
                                                     r["broker"]["connected"] = false;
                                                     return r;
                                                   }()),
                                          silent("mailer", "mail")});
  INFO(table);
  CHECK(table.starts_with("SERVICE"));
  CHECK(table.find("db-proxy         up         0.1.0      1h 02m\n") != std::string::npos);
  CHECK(table.find("db.ping") != std::string::npos);
  CHECK(table.find("handled      40  failed     3  dead    1  in flight   2") != std::string::npos);
  CHECK(table.find("rates-ingestor   unhealthy") != std::string::npos);
  CHECK(table.find("check database failed: refused") != std::string::npos);
  CHECK(table.find("broker: not connected") != std::string::npos);
  CHECK(table.find("mailer           down       -          -\n") != std::string::npos);
  CHECK(table.find("mail.health: unavailable: no queue 'mail.health'") != std::string::npos);
}

TEST_CASE("the JSON carries every report or error, and overall health") {
  const std::vector<health_probe> probes{answered("db-proxy", "db", report(true)),
                                         silent("mailer", "mail")};
  const auto j = health_json(probes);
  CHECK(j["healthy"] == false);
  CHECK(j["services"]["db-proxy"]["status"] == "up");
  CHECK(j["services"]["db-proxy"]["queue"] == "db.health");
  CHECK(j["services"]["db-proxy"]["report"]["version"] == "0.1.0");
  CHECK(j["services"]["mailer"]["status"] == "down");
  CHECK(j["services"]["mailer"]["error"]["code"] == "unavailable");
  CHECK(health_json({answered("db-proxy", "db", report(true))})["healthy"] == true);
}

TEST_CASE("exit 0 only when every service is up") {
  CHECK(health_exit_code({answered("db-proxy", "db", report(true))}) == k_exit_ok);
  CHECK(health_exit_code({answered("db-proxy", "db", report(true)),
                          answered("db-proxy", "db", report(false))}) == k_exit_failed);
  CHECK(health_exit_code({answered("db-proxy", "db", report(true)), silent("mailer", "mail")}) ==
        k_exit_failed);
}
