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
  std::string cache_control = "no-store";  // the Cache-Control header of the answer
  int status = 200;                        // 200, 201, 202; 204 answers without a body
};

// `status` with the body; rmqrpc::error → http_status(e) with error_body(e); any other exception →
// 500 internal, logged. Errors are `Cache-Control: no-store` and carry Retry-After when the error's
// details have `retry_after_s` (429), or 10 s on a 503. Every answer carries X-Request-Id.
httplib::Server::Handler api_handler(std::function<api_reply(const httplib::Request&)> handler);

// The same for a handler that also sets headers of its own on the response (which stay on an
// error answer too: RateLimit-*, WWW-Authenticate).
httplib::Server::Handler api_handler(
    std::function<api_reply(const httplib::Request&, httplib::Response&)> handler);

}  // namespace cambio::frontend
