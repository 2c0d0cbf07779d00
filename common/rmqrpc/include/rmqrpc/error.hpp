#pragma once
// The error model of the wire: one small code enum (client codes first, then server codes) and an
// exception that carries a code, a message safe to show callers, and structured details.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rmqrpc {

enum class errc {
  invalid_argument,
  unauthenticated,
  permission_denied,
  not_found,
  already_exists,
  conflict,
  failed_precondition,
  resource_exhausted,
  deadline_exceeded,
  unavailable,
  internal,
};

std::string_view to_string(errc code);
std::optional<errc> errc_from_string(std::string_view text);

// Thrown by a handler to answer with an error reply, and by the client for error replies and
// transport failures (unavailable, deadline_exceeded). Any other exception escaping a handler
// becomes `internal` with a generic message (its text is logged, never sent).
class error : public std::runtime_error {
 public:
  error(errc code, const std::string& message, nlohmann::json details = nlohmann::json::object());

  errc code() const noexcept { return code_; }
  const nlohmann::json& details() const noexcept { return details_; }

  // {"code": "...", "message": "...", "details": {...}}
  nlohmann::json to_json() const;
  // Parses the "error" member of a reply; malformed input gives an `internal` error saying so.
  static error from_json(const nlohmann::json& j);

 private:
  errc code_;
  nlohmann::json details_;
};

}  // namespace rmqrpc
