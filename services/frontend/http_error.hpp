#pragma once
// The one place where the wire's error codes (DESIGN.md "The wire") become HTTP statuses, and the
// JSON error body every /api/v1 endpoint answers with:
//
//   {"error": {"code": "invalid_argument", "message": "base: unknown currency 'XYZ'", "details":
//   {}}}
//
//   invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
//   already_exists 409, conflict 409, failed_precondition 412, resource_exhausted 429,
//   internal 500, unavailable 503, deadline_exceeded 504.
//
// One refinement: a call that got no reply at all before its deadline (the client's own
// deadline_exceeded, details.transport = true) means the backend is down or swamped — 503, like a
// queue nothing serves. A backend that did answer deadline_exceeded (its own nested call ran out)
// stays 504.

#include <string>

#include <nlohmann/json.hpp>

#include "rmqrpc/error.hpp"

namespace cambio::frontend {

int http_status(rmqrpc::errc code);
int http_status(const rmqrpc::error& e);

// True for the server-side codes (deadline_exceeded, unavailable, internal).
bool is_server_error(rmqrpc::errc code);

// {"error": {"code", "message", "details"}}. Messages of the wire are safe to show callers, except
// an `internal` one, which is replaced by a generic text (with no details).
nlohmann::json error_body(const rmqrpc::error& e);

// The text to show a person for an error: the message for client errors, a friendly sentence for
// server ones.
std::string friendly_message(const rmqrpc::error& e);

}  // namespace cambio::frontend
