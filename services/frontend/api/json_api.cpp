#include "api/json_api.hpp"

#include "api/account_api.hpp"
#include "api/api_docs.hpp"
#include "api/token_api.hpp"

namespace cambio::frontend::api {

void json_api::append_routes(httplib::Server& routes) {
  const context_source context = [this]() -> api_context& { return *context_; };
  append_token_api(routes, context);
  append_account_api(routes, context);
  append_api_docs(routes);
}

void json_api::configure(const cambio::config& cfg, const accounts::account_settings& accounts,
                         std::shared_ptr<accounts::address_limits> limits) {
  context_ = std::make_unique<api_context>(client_, accounts, api_settings_from(cfg, accounts),
                                           std::move(limits), profiles_);
}

}  // namespace cambio::frontend::api
