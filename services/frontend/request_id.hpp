#pragma once
// One request id per user action (DESIGN.md "The wire": x-request-id, carried through every hop and
// every log line): the caller's X-Request-Id when it is a sane token, else a new one.

#include <string>

#include <httplib.h>

namespace cambio::frontend {

// The caller's X-Request-Id if it is 1–64 characters of [A-Za-z0-9._-], else a new random id.
std::string request_id_of(const httplib::Request& req);

}  // namespace cambio::frontend
