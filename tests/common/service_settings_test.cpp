#include <catch2/catch.hpp>

#include "cambio/service_settings.hpp"

namespace {

using values = std::map<std::string, std::string>;

cambio::service_settings read(values v) {
  v.emplace("CAMBIO_AMQP_URL", "amqp://u:p@broker:5672/cambio");
  return cambio::read_service_settings(cambio::config(v), "rates-ingestor");
}

}  // namespace

TEST_CASE("service settings: the broker URL is required") {
  CHECK_THROWS_WITH(cambio::read_service_settings(cambio::config(values{}), "mailer"),
                    Catch::Contains("CAMBIO_AMQP_URL"));
}

TEST_CASE("service settings: defaults") {
  const auto s = read({});
  CHECK(s.client.connection.url == "amqp://u:p@broker:5672/cambio");
  CHECK(s.client.connection.name == "rates-ingestor");
  CHECK(s.server.connection.url == s.client.connection.url);
  CHECK(s.server.connection.name == "rates-ingestor");
  CHECK(s.client.default_timeout == std::chrono::milliseconds(5000));
  CHECK(s.server.workers == 8);
  CHECK(s.server.prefetch == 16);
  CHECK(s.admin.host == "127.0.0.1");
  CHECK(s.admin.port == 0);
  CHECK(s.log_format == cambio::log::format::text);
  CHECK(s.log_level == spdlog::level::info);
}

TEST_CASE("service settings: every setting is read") {
  const auto s = read({{"CAMBIO_ADMIN_HOST", "0.0.0.0"},
                       {"CAMBIO_ADMIN_PORT", "9100"},
                       {"CAMBIO_LOG_FORMAT", "json"},
                       {"CAMBIO_LOG_LEVEL", "debug"},
                       {"CAMBIO_RPC_WORKERS", "3"},
                       {"CAMBIO_RPC_PREFETCH", "100"},
                       {"CAMBIO_RPC_TIMEOUT_MS", "1500"}});
  CHECK(s.admin.host == "0.0.0.0");
  CHECK(s.admin.port == 9100);
  CHECK(s.log_format == cambio::log::format::json);
  CHECK(s.log_level == spdlog::level::debug);
  CHECK(s.server.workers == 3);
  CHECK(s.server.prefetch == 100);
  CHECK(s.client.default_timeout == std::chrono::milliseconds(1500));
}

TEST_CASE("service settings: log levels by name") {
  using spdlog::level::level_enum;
  const auto [name, level] = GENERATE(table<std::string, level_enum>({
      {"trace", level_enum::trace},
      {"debug", level_enum::debug},
      {"info", level_enum::info},
      {"warn", level_enum::warn},
      {"error", level_enum::err},
      {"critical", level_enum::critical},
  }));
  CHECK(read({{"CAMBIO_LOG_LEVEL", name}}).log_level == level);
}

TEST_CASE("service settings: a bad value is an error naming its setting") {
  const auto [key, value] = GENERATE(table<std::string, std::string>({
      {"CAMBIO_LOG_LEVEL", "verbose"},
      {"CAMBIO_LOG_FORMAT", "xml"},
      {"CAMBIO_ADMIN_PORT", "http"},
      {"CAMBIO_RPC_WORKERS", "0"},
      {"CAMBIO_RPC_PREFETCH", "70000"},
      {"CAMBIO_RPC_TIMEOUT_MS", "0"},
  }));
  CAPTURE(key, value);
  CHECK_THROWS_WITH(read({{key, value}}), Catch::Contains(key));
}
