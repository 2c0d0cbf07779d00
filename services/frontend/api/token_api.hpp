#pragma once
// The token endpoints of the JSON API:
//
//   POST /api/v1/token          {username, password}  → a token pair (username may be the email)
//   POST /api/v1/token/refresh  {refresh_token}       → a new pair; the presented token is spent
//   POST /api/v1/token/revoke   {refresh_token}       → {revoked}: the token's whole family ends
//
// A pair is a short-lived JWT access token (access_token.hpp) and an opaque refresh token (256
// random bits, stored hashed by db-proxy in a family that rotation extends). Presenting a refresh
// token that was already spent revokes its family: whoever holds the newer one must log in again.

#include <httplib.h>

#include "api/api_context.hpp"

namespace cambio::frontend::api {

void append_token_api(httplib::Server& routes, context_source context);

}  // namespace cambio::frontend::api
