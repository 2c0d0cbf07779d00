#include <catch2/catch.hpp>

#include "http_error.hpp"

using cambio::frontend::error_body;
using cambio::frontend::http_status;
using rmqrpc::errc;

TEST_CASE("every wire error code has its HTTP status") {
  CHECK(http_status(errc::invalid_argument) == 400);
  CHECK(http_status(errc::unauthenticated) == 401);
  CHECK(http_status(errc::permission_denied) == 403);
  CHECK(http_status(errc::not_found) == 404);
  CHECK(http_status(errc::already_exists) == 409);
  CHECK(http_status(errc::conflict) == 409);
  CHECK(http_status(errc::failed_precondition) == 412);
  CHECK(http_status(errc::resource_exhausted) == 429);
  CHECK(http_status(errc::internal) == 500);
  CHECK(http_status(errc::unavailable) == 503);
  CHECK(http_status(errc::deadline_exceeded) == 504);
}

TEST_CASE("no reply at all before the deadline is 503, a backend's own deadline_exceeded is 504") {
  CHECK(http_status(rmqrpc::error(errc::deadline_exceeded, "no reply from rates.latest",
                                  {{"transport", true}})) == 503);
  CHECK(http_status(rmqrpc::error(errc::deadline_exceeded, "db.rates.get timed out")) == 504);
  CHECK(http_status(rmqrpc::error(errc::unavailable, "no queue 'rates.latest'",
                                  {{"transport", true}})) == 503);
  CHECK(http_status(rmqrpc::error(errc::not_found, "no rates on or before 2020-01-01")) == 404);
}

TEST_CASE("the JSON error body carries code, message and details") {
  const auto body = error_body(rmqrpc::error(errc::invalid_argument, "base: unknown currency 'XYZ'",
                                             {{"parameter", "base"}}));
  CHECK(body == nlohmann::json{{"error",
                                {{"code", "invalid_argument"},
                                 {"message", "base: unknown currency 'XYZ'"},
                                 {"details", {{"parameter", "base"}}}}}});
}

TEST_CASE("an internal error's text and details are not shown") {
  const auto body = error_body(
      rmqrpc::error(errc::internal, "pqxx: relation rates does not exist", {{"sql", 1}}));
  CHECK(body["error"]["code"] == "internal");
  CHECK(body["error"]["message"] == "internal error");
  CHECK(body["error"]["details"] == nlohmann::json::object());
}

TEST_CASE("friendly messages: client errors as they are, server errors as a sentence") {
  using cambio::frontend::friendly_message;
  CHECK(
      friendly_message(rmqrpc::error(errc::invalid_argument, "date: 'x' is not a calendar date")) ==
      "date: 'x' is not a calendar date");
  CHECK_THAT(friendly_message(rmqrpc::error(errc::unavailable, "no queue")),
             Catch::Contains("not answering right now"));
  CHECK_THAT(friendly_message(rmqrpc::error(errc::deadline_exceeded, "x", {{"transport", true}})),
             Catch::Contains("not answering right now"));
  CHECK_THAT(friendly_message(rmqrpc::error(errc::internal, "secret")), !Catch::Contains("secret"));
}
