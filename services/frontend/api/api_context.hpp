#pragma once
// What the account and token endpoints of the JSON API share, made at start from the settings:
// the backend client, the account flows' settings (the same as the pages'), the guard of
// authenticated endpoints and the per-address limits of the anonymous ones.

#include <chrono>
#include <functional>

#include "accounts/account_settings.hpp"
#include "api/api_guard.hpp"
#include "api/api_settings.hpp"
#include "rate_limiter.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::frontend::api {

struct api_context {
  api_context(rmqrpc::client& c, const accounts::account_settings& accounts,
              const api_settings& api)
      : client(c),
        flows(accounts.flows),
        guard(api.tokens, api.per_user),
        refresh_ttl(api.refresh_ttl),
        registrations({accounts.register_per_address_per_hour, std::chrono::hours(1)}),
        resends({accounts.resend_per_address_per_hour, std::chrono::hours(1)}) {}

  rmqrpc::client& client;
  accounts::flow_settings flows;
  api_guard guard;
  std::chrono::seconds refresh_ttl;
  // Per client address, counted in this frontend's memory (db-proxy also limits resends per
  // account).
  rate_limiter registrations;
  rate_limiter resends;
};

// The context, once the service has started (routes are registered before that).
using context_source = std::function<api_context&()>;

}  // namespace cambio::frontend::api
