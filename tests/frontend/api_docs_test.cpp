// The API's documentation: the OpenAPI document parses, every operation has an id and a tag the
// document declares, and the docs page shows every operation (the browser-side check with an npm
// OpenAPI validator is in api_integration_test.cpp).

#include <set>

#include <catch2/catch.hpp>

#include "api/api_docs.hpp"

using namespace cambio::frontend;

TEST_CASE("every documented operation has an id, a declared tag, a summary and answers",
          "[api][docs]") {
  const auto& doc = api::openapi_document();
  REQUIRE(doc.at("openapi").get<std::string>().rfind("3.", 0) == 0);
  std::set<std::string> tags;
  for (const auto& t : doc.at("tags")) tags.insert(t.at("name").get<std::string>());
  std::set<std::string> ids;
  for (const auto& [path, item] : doc.at("paths").items()) {
    REQUIRE(path.rfind("/api/", 0) == 0);
    for (const auto& [method, operation] : item.items()) {
      INFO(method << " " << path);
      REQUIRE(operation.contains("operationId"));
      CHECK(ids.insert(operation["operationId"].get<std::string>()).second);
      REQUIRE(operation.at("tags").size() == 1);
      CHECK(tags.count(operation["tags"][0].get<std::string>()) == 1);
      CHECK_FALSE(operation.at("summary").get<std::string>().empty());
      CHECK_FALSE(operation.at("responses").empty());
    }
  }
  CHECK(ids.size() >= 13);
}

TEST_CASE("the docs page lists every operation with its answers", "[api][docs]") {
  const auto& doc = api::openapi_document();
  const auto html = render_page(page_frame{}, "api_docs", api::api_docs_view(doc));
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      INFO(method << " " << path);
      CHECK(html.find("id=\"" + operation["operationId"].get<std::string>() + "\"") !=
            std::string::npos);
    }
  }
  CHECK(html.find("<code>/api/v1/token/refresh</code>") != std::string::npos);
  CHECK(html.find("refresh_token") != std::string::npos);  // a body field
  CHECK(html.find("<dt>429</dt>") != std::string::npos);   // an answer
}
