#pragma once
// What the account and token endpoints of the JSON API share, made at start from the settings:
// the backend client, the account flows' settings (the same as the pages'), the guard of
// authenticated endpoints, the per-address limits of the anonymous ones and the profile cache (both
// shared with the pages).

#include <chrono>
#include <functional>
#include <memory>

#include "accounts/account_settings.hpp"
#include "accounts/address_limits.hpp"
#include "accounts/profile_cache.hpp"
#include "api/api_guard.hpp"
#include "api/api_settings.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::frontend::api {

struct api_context {
  api_context(rmqrpc::client& c, const accounts::account_settings& accounts,
              const api_settings& api, std::shared_ptr<accounts::address_limits> limits,
              accounts::profile_cache& profile_cache)
      : client(c),
        flows(accounts.flows),
        guard(api.tokens, api.per_user),
        refresh_ttl(api.refresh_ttl),
        per_address(std::move(limits)),
        profiles(profile_cache) {}

  rmqrpc::client& client;
  accounts::flow_settings flows;
  api_guard guard;
  std::chrono::seconds refresh_ttl;
  // Registrations and resends per client address, the same budget as the pages'.
  std::shared_ptr<accounts::address_limits> per_address;
  accounts::profile_cache& profiles;
};

// The context, once the service has started (routes are registered before that).
using context_source = std::function<api_context&()>;

}  // namespace cambio::frontend::api
