#include "api/json_body.hpp"

#include "rmqrpc/error.hpp"

namespace cambio::frontend::api {
namespace {

[[noreturn]] void refuse(const std::string& message,
                         nlohmann::json details = nlohmann::json::object()) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message, std::move(details));
}

}  // namespace

nlohmann::json json_object_body(const httplib::Request& req) {
  const auto type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    refuse("send the body as application/json", {{"content_type", type}});
  }
  if (req.body.size() > k_max_json_body) {
    refuse("the body is larger than " + std::to_string(k_max_json_body) + " bytes");
  }
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) refuse("the body is not valid JSON");
  if (!body.is_object()) refuse("the body must be a JSON object");
  return body;
}

std::string string_field(const nlohmann::json& body, const std::string& name,
                         std::size_t max_length) {
  const auto it = body.find(name);
  if (it == body.end()) refuse(name + " is required", {{"field", name}});
  if (!it->is_string()) refuse(name + " must be a string", {{"field", name}});
  auto value = it->get<std::string>();
  if (value.size() > max_length) {
    refuse(name + " is longer than " + std::to_string(max_length) + " bytes", {{"field", name}});
  }
  return value;
}

}  // namespace cambio::frontend::api
