#include "envelope.hpp"

namespace rmqrpc::detail {

std::string ok_reply(const nlohmann::json& result) {
  return nlohmann::json{{"ok", true}, {"result", result}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_reply(const rmqrpc::error& e) {
  return nlohmann::json{{"ok", false}, {"error", e.to_json()}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

outcome parse_reply(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) {
    return {nullptr, rmqrpc::error(errc::internal, "malformed reply from server")};
  }
  if (j["ok"].get<bool>()) {
    return {j.contains("result") ? std::move(j["result"]) : nlohmann::json(nullptr), std::nullopt};
  }
  return {nullptr, rmqrpc::error::from_json(j.contains("error") ? j["error"] : nlohmann::json())};
}

rmqrpc::error transport_error(errc code, const std::string& message) {
  return rmqrpc::error(code, message, {{"transport", true}});
}

}  // namespace rmqrpc::detail
