#pragma once
// cambioctl call <queue> ['<json>'] [--timeout-ms N] [--request-id ID]
// One request to a queue; prints the result (exit 0) or the error reply (exit 1); a failure of the
// call itself (no reply: unavailable, deadline_exceeded) or bad usage exits 2.

#include <string_view>

#include <nlohmann/json.hpp>

#include "cambioctl/command.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::cambioctl {

command call_command();

// The parameters argument: any JSON value (the server validates it against <queue>.request);
// usage_error saying where the JSON is malformed.
nlohmann::json parse_params(std::string_view text);

// Raised by the client itself, with no reply from a server (details {"transport": true}).
bool is_transport_failure(const rmqrpc::error& e);

// 2 for a transport failure, 1 for an error reply.
int call_exit_code(const rmqrpc::error& e);

}  // namespace cambio::cambioctl
