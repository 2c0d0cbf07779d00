#pragma once
// The JSON API's account side in one object: its routes are registered while the service is wired,
// its settings read when it starts (CAMBIO_SECRET_KEY is required then, not to list queues).
//
//   POST /api/v1/token, /api/v1/token/refresh, /api/v1/token/revoke   (token_api.hpp)
//   POST /api/v1/register, /api/v1/verify, /api/v1/verify/resend; GET /api/v1/me (account_api.hpp)
//   GET  /api/v1/openapi.json, /api/docs                                (api_docs.hpp)

#include <memory>

#include <httplib.h>

#include "accounts/account_settings.hpp"
#include "api/api_context.hpp"
#include "cambio/config.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::frontend::api {

class json_api {
 public:
  // `profiles` outlives the API.
  json_api(rmqrpc::client& client, accounts::profile_cache& profiles)
      : client_(client), profiles_(profiles) {}

  void append_routes(httplib::Server& routes);
  // Reads the API's settings; throws cambio::config_error naming a bad one. `limits` are shared
  // with the pages.
  void configure(const cambio::config& cfg, const accounts::account_settings& accounts,
                 std::shared_ptr<accounts::address_limits> limits);
  // The context of the API's other endpoints (alerts/alert_api.hpp): valid once configured.
  context_source context() {
    return [this]() -> api_context& { return *context_; };
  }

 private:
  rmqrpc::client& client_;
  accounts::profile_cache& profiles_;
  std::unique_ptr<api_context> context_;  // set by configure(), before the HTTP port opens
};

}  // namespace cambio::frontend::api
