#include "api/account_api.hpp"

#include "accounts/account_backend.hpp"
#include "accounts/password.hpp"
#include "accounts/profile_flows.hpp"
#include "api/json_body.hpp"
#include "api_handler.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::api {
namespace {

// One more registration (or resend) from the client's address, or resource_exhausted.
void limit_address(rate_limiter& limiter, const httplib::Request& req) {
  const auto d = limiter.take(req.remote_addr);
  if (!d.allowed) {
    throw rmqrpc::error(rmqrpc::errc::resource_exhausted,
                        "too many requests from this address: wait before trying again",
                        {{"retry_after_s", d.retry_after.count()}});
  }
}

const nlohmann::json k_mail_on_its_way = {
    {"status", "accepted"},
    {"message",
     "If the address can be used, a mail is on its way to it: follow its link to verify the "
     "account."}};

api_reply register_user(api_context& c, const httplib::Request& req) {
  const auto body = json_object_body(req);
  accounts::registration input{string_field(body, "username", 64), string_field(body, "email", 254),
                               string_field(body, "password", accounts::k_max_password_bytes)};
  limit_address(c.per_address->registrations, req);
  accounts::rpc_account_backend backend(c.client);
  const auto result = accounts::register_account(backend, c.flows, input);
  if (!result.accepted()) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "the registration has problems",
                        {{"fields", result.problems}});
  }
  return {k_mail_on_its_way, "no-store", 202};
}

api_reply verify(api_context& c, const httplib::Request& req) {
  const auto token = string_field(json_object_body(req), "token", 256);
  accounts::rpc_account_backend backend(c.client);
  const auto r = accounts::verify_email(backend, token);
  switch (r.status) {
    case accounts::verify_status::verified:
      break;
    case accounts::verify_status::invalid:
      throw rmqrpc::error(rmqrpc::errc::not_found,
                          "the verification link is unknown or was already used");
    case accounts::verify_status::expired:
      throw rmqrpc::error(rmqrpc::errc::failed_precondition,
                          "the verification link has expired: ask for a new one",
                          {{"resend", "/api/v1/verify/resend"}});
  }
  return {{{"user_id", r.user_id}, {"username", r.username}, {"status", "verified"}}, "no-store"};
}

api_reply resend(api_context& c, const httplib::Request& req) {
  const auto email = string_field(json_object_body(req), "email", 254);
  limit_address(c.per_address->resends, req);
  accounts::rpc_account_backend backend(c.client);
  const auto r = accounts::resend_verification(backend, c.flows, email);
  if (!r.accepted()) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, *r.problem, {{"field", "email"}});
  }
  return {k_mail_on_its_way, "no-store", 202};
}

api_reply me(api_context& c, const httplib::Request& req, httplib::Response& res) {
  const auto caller = c.guard.admit(req, res);
  accounts::rpc_account_backend backend(c.client);
  const auto p = accounts::load_profile(backend, c.profiles, caller.user_id);
  return {{{"id", p.user_id},
           {"username", p.username},
           {"email", p.email},
           {"default_currency", p.default_currency},
           {"created_at", p.created_at},
           {"has_picture", p.has_picture}},
          "private, no-cache"};
}

}  // namespace

void append_account_api(httplib::Server& routes, context_source context) {
  routes.Post("/api/v1/register", api_handler([context](const httplib::Request& req) {
                return register_user(context(), req);
              }));
  routes.Post("/api/v1/verify", api_handler([context](const httplib::Request& req) {
                return verify(context(), req);
              }));
  routes.Post("/api/v1/verify/resend", api_handler([context](const httplib::Request& req) {
                return resend(context(), req);
              }));
  routes.Get("/api/v1/me",
             api_handler([context](const httplib::Request& req, httplib::Response& res) {
               return me(context(), req, res);
             }));
}

}  // namespace cambio::frontend::api
