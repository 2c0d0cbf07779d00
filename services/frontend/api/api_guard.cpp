#include "api/api_guard.hpp"

#include <cctype>
#include <string>

#include "rmqrpc/error.hpp"

namespace cambio::frontend::api {
namespace {

[[noreturn]] void unauthenticated(httplib::Response& res, const std::string& message,
                                  bool token_given) {
  // RFC 6750 §3: a request without credentials gets the bare challenge; a bad token says so.
  res.set_header("WWW-Authenticate", token_given ? R"(Bearer realm="cambio", error="invalid_token")"
                                                 : R"(Bearer realm="cambio")");
  throw rmqrpc::error(rmqrpc::errc::unauthenticated, message);
}

}  // namespace

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i])
      return std::nullopt;
  }
  auto token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

api_guard::api_guard(token_settings tokens, rate_limit per_user)
    : tokens_(std::move(tokens)), limiter_(per_user) {}

access_claims api_guard::admit(const httplib::Request& req, httplib::Response& res) {
  const auto header = req.get_header_value("Authorization");
  const auto token = bearer_token(header);
  if (!token) {
    unauthenticated(res, "send an access token: Authorization: Bearer <token> (POST /api/v1/token)",
                    false);
  }
  const auto checked = check_access_token(
      tokens_, *token,
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  if (const auto* problem = std::get_if<token_problem>(&checked)) {
    unauthenticated(res, std::string(describe(*problem)), true);
  }
  const auto claims = std::get<access_claims>(checked);

  const auto d = limiter_.take(std::to_string(claims.user_id));
  res.set_header("RateLimit-Limit", std::to_string(d.limit));
  res.set_header("RateLimit-Remaining", std::to_string(d.remaining));
  res.set_header("RateLimit-Reset", std::to_string(d.reset.count()));
  if (!d.allowed) {
    throw rmqrpc::error(rmqrpc::errc::resource_exhausted,
                        "too many requests: " + std::to_string(d.limit) + " per " +
                            std::to_string(limiter_.limit().window.count()) + " s allowed",
                        {{"retry_after_s", d.retry_after.count()}});
  }
  return claims;
}

}  // namespace cambio::frontend::api
