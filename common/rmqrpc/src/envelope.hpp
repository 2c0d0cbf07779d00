#pragma once
// The reply envelope of DESIGN.md "The wire": {"ok":true,"result":...} or
// {"ok":false,"error":{"code","message","details"}}.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rmqrpc/client.hpp"

namespace rmqrpc::detail {

std::string ok_reply(const nlohmann::json& result);
std::string error_reply(const rmqrpc::error& e);
// Parses a reply body; a malformed one becomes an `internal` failure.
outcome parse_reply(std::string_view body);
// A failure raised by the client itself (no reply): details carry {"transport": true}.
rmqrpc::error transport_error(errc code, const std::string& message);

}  // namespace rmqrpc::detail
