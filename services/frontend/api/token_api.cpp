#include "api/token_api.hpp"

#include "accounts/account_backend.hpp"
#include "accounts/password.hpp"
#include "accounts/secret_token.hpp"
#include "api/json_body.hpp"
#include "api_handler.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::api {
namespace {

sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// The answer of a successful login or refresh (RFC 6749 §5.1 field names).
api_reply token_pair(const api_context& c, std::int64_t user_id,
                     const accounts::secret_token& refresh) {
  return {{{"access_token", issue_access_token(c.guard.tokens(), user_id, now())},
           {"token_type", "Bearer"},
           {"expires_in", c.guard.tokens().lifetime.count()},
           {"refresh_token", refresh.token},
           {"refresh_expires_in", c.refresh_ttl.count()}},
          "no-store"};
}

// A refresh token as presented: one of ours by shape, or refused as unauthenticated (it cannot
// name a family).
std::string presented_refresh_token(const nlohmann::json& body) {
  auto token = string_field(body, "refresh_token", 256);
  if (!accounts::is_token_shaped(token)) {
    throw rmqrpc::error(rmqrpc::errc::unauthenticated, "the refresh token is not valid");
  }
  return token;
}

api_reply log_in(api_context& c, const httplib::Request& req) {
  const auto body = json_object_body(req);
  accounts::rpc_account_backend backend(c.client);
  const auto result = accounts::log_in(
      backend, c.flows,
      {string_field(body, "username", 254),
       string_field(body, "password", accounts::k_max_password_bytes), req.remote_addr});
  switch (result.status) {
    case accounts::login_status::ok:
      break;
    case accounts::login_status::invalid:
      throw rmqrpc::error(rmqrpc::errc::unauthenticated, "wrong username or password");
    case accounts::login_status::unverified:
      throw rmqrpc::error(rmqrpc::errc::failed_precondition,
                          "the email address is not verified yet: follow the link in the "
                          "verification mail, or ask for a new one",
                          {{"resend", "/api/v1/verify/resend"}});
    case accounts::login_status::throttled:
      throw rmqrpc::error(rmqrpc::errc::resource_exhausted,
                          "too many failed logins: wait before trying again",
                          {{"retry_after_s", result.retry_after.count()}});
  }
  const auto refresh = accounts::new_secret_token();
  backend.call("db.tokens.issue", {{"token_hash", refresh.hash},
                                   {"user_id", result.user_id},
                                   {"expires_in_s", c.refresh_ttl.count()}});
  return token_pair(c, result.user_id, refresh);
}

api_reply refresh(api_context& c, const httplib::Request& req) {
  const auto presented = presented_refresh_token(json_object_body(req));
  accounts::rpc_account_backend backend(c.client);
  const auto next = accounts::new_secret_token();
  const auto rotated =
      backend.call("db.tokens.rotate", {{"token_hash", accounts::sha256_hex(presented)},
                                        {"new_token_hash", next.hash},
                                        {"expires_in_s", c.refresh_ttl.count()}});
  return token_pair(c, rotated.at("user_id").get<std::int64_t>(), next);
}

api_reply revoke(api_context& c, const httplib::Request& req) {
  const auto presented = presented_refresh_token(json_object_body(req));
  accounts::rpc_account_backend backend(c.client);
  const auto r =
      backend.call("db.tokens.revoke", {{"token_hash", accounts::sha256_hex(presented)}});
  return {{{"revoked", r.at("revoked")}}, "no-store"};
}

}  // namespace

void append_token_api(httplib::Server& routes, context_source context) {
  routes.Post("/api/v1/token", api_handler([context](const httplib::Request& req) {
                return log_in(context(), req);
              }));
  routes.Post("/api/v1/token/refresh", api_handler([context](const httplib::Request& req) {
                return refresh(context(), req);
              }));
  routes.Post("/api/v1/token/revoke", api_handler([context](const httplib::Request& req) {
                return revoke(context(), req);
              }));
}

}  // namespace cambio::frontend::api
