#pragma once
// The per-client-address limits of the anonymous account actions, shared by the pages and the JSON
// API: an address has one budget of registrations and one of verification resends per hour,
// whichever door it comes through. Counted in this frontend's memory (rate_limiter.hpp: with N
// replicas an address can get N × the limit); db-proxy also limits resends per account.

#include <chrono>

#include "accounts/account_settings.hpp"
#include "rate_limiter.hpp"

namespace cambio::frontend::accounts {

struct address_limits {
  explicit address_limits(const account_settings& s)
      : registrations({s.register_per_address_per_hour, std::chrono::hours(1)}),
        resends({s.resend_per_address_per_hour, std::chrono::hours(1)}) {}

  rate_limiter registrations;
  rate_limiter resends;
};

}  // namespace cambio::frontend::accounts
