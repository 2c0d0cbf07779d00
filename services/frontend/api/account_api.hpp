#pragma once
// The account endpoints of the JSON API, the same flows as the pages (accounts/account_flows.hpp):
//
//   POST /api/v1/register       {username, email, password}  → 202, whatever exists already
//   POST /api/v1/verify         {token}   (from the emailed link) → {user_id, username}
//   POST /api/v1/verify/resend  {email}   → 202, whether or not a mail was due
//   GET  /api/v1/me             (Bearer)  → the caller's profile
//
// Registration and resend answer the same for every outcome, so they reveal no account; both are
// limited per client address.

#include <httplib.h>

#include "api/api_context.hpp"

namespace cambio::frontend::api {

void append_account_api(httplib::Server& routes, context_source context);

}  // namespace cambio::frontend::api
