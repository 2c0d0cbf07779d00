#pragma once
// The frame of every JSON endpoint under /api/v1: the handler returns a body and its caching
// policy; this runs it under the request's id and turns what it throws into the error body.
//
//   routes.Get("/api/v1/rates/latest", api_handler([&](const httplib::Request& req) {
//     return api_reply{latest_json(...), "public, max-age=60"};
//   }));

#include <functional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cambio::frontend {

struct api_reply {
  nlohmann::json body;
  std::string cache_control;  // the Cache-Control header of a 200
};

// 200 with the body; rmqrpc::error → http_status(e) with error_body(e) (503 also says
// Retry-After); any other exception → 500 internal, logged. Errors are `Cache-Control: no-store`.
// Every answer carries X-Request-Id.
httplib::Server::Handler api_handler(std::function<api_reply(const httplib::Request&)> handler);

}  // namespace cambio::frontend
