// Reading an API request's JSON body: each way it can be wrong is invalid_argument, naming it.

#include <catch2/catch.hpp>

#include "api/json_body.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::frontend::api;

namespace {

httplib::Request post(const std::string& body, const std::string& type = "application/json") {
  httplib::Request req;
  req.method = "POST";
  if (!type.empty()) req.headers.emplace("Content-Type", type);
  req.body = body;
  return req;
}

std::string refusal(const httplib::Request& req) {
  try {
    json_object_body(req);
  } catch (const rmqrpc::error& e) {
    CHECK(e.code() == rmqrpc::errc::invalid_argument);
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("a JSON object body is read", "[api][body]") {
  const auto body =
      json_object_body(post(R"({"username":"alice","n":1})", "application/json; charset=utf-8"));
  CHECK(string_field(body, "username") == "alice");
}

TEST_CASE("bodies that are not one JSON object are refused", "[api][body]") {
  CHECK(refusal(post("{}", "text/plain")) == "send the body as application/json");
  CHECK(refusal(post("{}", "")) == "send the body as application/json");
  CHECK(refusal(post("username=alice", "application/x-www-form-urlencoded")) ==
        "send the body as application/json");
  CHECK(refusal(post("{\"a\":")) == "the body is not valid JSON");
  CHECK(refusal(post("")) == "the body is not valid JSON");
  CHECK(refusal(post("[1,2]")) == "the body must be a JSON object");
  CHECK(refusal(post("\"text\"")) == "the body must be a JSON object");
  CHECK(refusal(post("{\"a\":\"" + std::string(k_max_json_body, 'x') + "\"}")) ==
        "the body is larger than 16384 bytes");
}

TEST_CASE("fields are required, strings and bounded", "[api][body]") {
  const nlohmann::json body = {{"n", 1}, {"s", "abc"}, {"null", nullptr}};
  const auto message = [&](const std::string& name, std::size_t max) {
    try {
      string_field(body, name, max);
    } catch (const rmqrpc::error& e) {
      CHECK(e.code() == rmqrpc::errc::invalid_argument);
      CHECK(e.details().at("field") == name);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(message("missing", 10) == "missing is required");
  CHECK(message("n", 10) == "n must be a string");
  CHECK(message("null", 10) == "null must be a string");
  CHECK(message("s", 2) == "s is longer than 2 bytes");
  CHECK(message("s", 3) == "accepted");
}
