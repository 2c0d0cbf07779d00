#pragma once
// Reading the JSON body of an /api/v1 POST: one object, its string fields by name. Every problem is
// an rmqrpc::error(invalid_argument) naming the field, which the API answers as 400.

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cambio::frontend::api {

// Bodies larger than this are refused unread (the largest legitimate one is a registration).
inline constexpr std::size_t k_max_json_body = 16 * 1024;

// The request's body as a JSON object. Refuses another content type, an oversized body, malformed
// JSON and anything but an object.
nlohmann::json json_object_body(const httplib::Request& req);

// body[name] as a string of at most `max_length` bytes. Refuses a missing field or another type.
std::string string_field(const nlohmann::json& body, const std::string& name,
                         std::size_t max_length = 1024);

}  // namespace cambio::frontend::api
