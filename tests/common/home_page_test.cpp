#include <catch2/catch.hpp>

#include "backend_status.hpp"
#include "home_page.hpp"

namespace {

using cambio::frontend::backend_status;

std::vector<backend_status> statuses() {
  return {
      {"db-proxy", "db.health", true, true, "0.1.0"},
      {"rates-ingestor", "rates.health", true, false, "0.1.0"},
      {"mailer", "mail.health", false, false, "deadline_exceeded"},
  };
}

}  // namespace

TEST_CASE("home page: a titled HTML document saying the platform is being built") {
  const auto page = cambio::frontend::render_home_page({});
  CHECK_THAT(page, Catch::StartsWith("<!doctype html>") &&
                       Catch::Contains("<title>Cambio</title>") && Catch::Contains("being built") &&
                       Catch::EndsWith("</html>\n"));
}

TEST_CASE("home page: one status row per backend, in its state") {
  const auto page = cambio::frontend::render_home_page(statuses());
  CHECK_THAT(page, Catch::Contains("<tr class=\"available\"><td>db-proxy</td><td>available</td>"
                                   "<td>0.1.0</td></tr>"));
  CHECK_THAT(page, Catch::Contains("<tr class=\"degraded\"><td>rates-ingestor</td>"));
  CHECK_THAT(page, Catch::Contains("<tr class=\"unavailable\"><td>mailer</td><td>unavailable</td>"
                                   "<td>deadline_exceeded</td></tr>"));
}

TEST_CASE("home page: text from backends is escaped") {
  const auto page = cambio::frontend::render_home_page(
      {{"db-proxy", "db.health", true, true, "<script>alert('x')</script>&"}});
  CHECK_THAT(page, !Catch::Contains("<script>"));
  CHECK_THAT(page, Catch::Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
}

TEST_CASE("backend status as JSON") {
  const auto json = cambio::frontend::to_json(statuses());
  REQUIRE(json.at("backends").size() == 3);
  CHECK(json.at("backends")[2] == nlohmann::json{{"service", "mailer"},
                                                 {"queue", "mail.health"},
                                                 {"available", false},
                                                 {"healthy", false},
                                                 {"detail", "deadline_exceeded"}});
}
