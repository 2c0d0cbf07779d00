#include "rmqrpc/error.hpp"

#include <array>
#include <utility>

namespace rmqrpc {
namespace {

constexpr std::array<std::pair<errc, std::string_view>, 11> k_names{{
    {errc::invalid_argument, "invalid_argument"},
    {errc::unauthenticated, "unauthenticated"},
    {errc::permission_denied, "permission_denied"},
    {errc::not_found, "not_found"},
    {errc::already_exists, "already_exists"},
    {errc::conflict, "conflict"},
    {errc::failed_precondition, "failed_precondition"},
    {errc::resource_exhausted, "resource_exhausted"},
    {errc::deadline_exceeded, "deadline_exceeded"},
    {errc::unavailable, "unavailable"},
    {errc::internal, "internal"},
}};

}  // namespace

std::string_view to_string(errc code) {
  for (const auto& [c, name] : k_names) {
    if (c == code) return name;
  }
  return "internal";
}

std::optional<errc> errc_from_string(std::string_view text) {
  for (const auto& [c, name] : k_names) {
    if (name == text) return c;
  }
  return std::nullopt;
}

error::error(errc code, const std::string& message, nlohmann::json details)
    : std::runtime_error(message), code_(code), details_(std::move(details)) {
  if (!details_.is_object()) details_ = nlohmann::json::object();
}

nlohmann::json error::to_json() const {
  return {{"code", to_string(code_)}, {"message", what()}, {"details", details_}};
}

error error::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("code") || !j["code"].is_string()) {
    return error(errc::internal, "malformed error reply");
  }
  const auto code = errc_from_string(j["code"].get<std::string>());
  const auto message = j.contains("message") && j["message"].is_string()
                           ? j["message"].get<std::string>()
                           : std::string("(no message)");
  const auto details = j.contains("details") ? j["details"] : nlohmann::json::object();
  if (!code) {
    return error(errc::internal,
                 "unknown error code '" + j["code"].get<std::string>() + "': " + message, details);
  }
  return error(*code, message, details);
}

}  // namespace rmqrpc
