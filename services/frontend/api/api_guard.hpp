#pragma once
// The door of every authenticated /api/v1 endpoint: `Authorization: Bearer <access token>` (RFC
// 6750) checked by access_token.hpp, then the caller's per-user rate limit (rate_limiter.hpp).
//
//   routes.Get("/api/v1/me", api_handler([&](const httplib::Request& req, httplib::Response& res) {
//     const auto caller = guard.admit(req, res);
//     ...  // caller.user_id is the only user id this request may touch
//   }));

#include <optional>
#include <string_view>

#include <httplib.h>

#include "api/access_token.hpp"
#include "rate_limiter.hpp"

namespace cambio::frontend::api {

// The token of an Authorization header value "Bearer <token>" (scheme case-insensitive), or
// nullopt.
std::optional<std::string_view> bearer_token(std::string_view authorization);

class api_guard {
 public:
  api_guard(token_settings tokens, rate_limit per_user);

  // The caller's claims. Sets RateLimit-Limit/-Remaining/-Reset on `res`. Throws rmqrpc::error:
  // unauthenticated (no or a bad token; `WWW-Authenticate` set on `res`), resource_exhausted (the
  // limit is spent; details.retry_after_s).
  access_claims admit(const httplib::Request& req, httplib::Response& res);

  const token_settings& tokens() const { return tokens_; }

 private:
  token_settings tokens_;
  rate_limiter limiter_;
};

}  // namespace cambio::frontend::api
