// Pure helpers of the connection pool: the libpq connection string and failure classification.

#include <catch2/catch.hpp>

#include "db_proxy/connection_pool.hpp"

using namespace cambio::db_proxy;
using std::chrono::milliseconds;

TEST_CASE("a URI gets connect_timeout and application_name as query parameters", "[pool]") {
  pool_settings s{"postgresql://cambio@127.0.0.1:5432/cambio", 8, milliseconds(5000), "db-proxy"};
  CHECK(connection_string(s) ==
        "postgresql://cambio@127.0.0.1:5432/cambio?connect_timeout=5&application_name=db-proxy");

  s.url = "postgres://h/db?sslmode=disable";
  s.application_name = "db proxy";
  CHECK(connection_string(s) ==
        "postgres://h/db?sslmode=disable&connect_timeout=5&application_name=db%20proxy");
}

TEST_CASE("settings already in the URL win", "[pool]") {
  pool_settings s{"postgresql://h/db?connect_timeout=30&application_name=mine", 8,
                  milliseconds(5000), "db-proxy"};
  CHECK(connection_string(s) == s.url);
  // A database named like a parameter is not a parameter.
  s.url = "postgresql://h/connect_timeout=1";
  CHECK(connection_string(s) ==
        "postgresql://h/connect_timeout=1?connect_timeout=5&application_name=db-proxy");
}

TEST_CASE("a key=value string gets quoted values", "[pool]") {
  pool_settings s{"host=/tmp dbname=cambio", 8, milliseconds(1500), "it's"};
  CHECK(connection_string(s) ==
        "host=/tmp dbname=cambio connect_timeout='2' application_name='it\\'s'");
  s.url = "host=/tmp connect_timeout = 9";
  s.application_name = "";
  CHECK(connection_string(s) == "host=/tmp connect_timeout = 9");
  s.url = "";
  s.connect_timeout = milliseconds(0);
  CHECK(connection_string(s) == "connect_timeout='1'");
}

TEST_CASE("connection-class SQLSTATEs mean the session is gone", "[pool]") {
  for (const char* gone : {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03"}) {
    INFO(gone);
    CHECK(is_connection_failure(gone));
  }
  for (const char* statement : {"42P01", "23505", "40001", "57014", "", "53300"}) {
    INFO(statement);
    CHECK_FALSE(is_connection_failure(statement));
  }
}
