#pragma once
// CSRF tokens. Every form carries a hidden `csrf` field and every state-changing request made with
// our cookies (POST — there are no PUT/PATCH/DELETE pages) must present it, or it is refused (403):
//
// - Signed in: the session's own token (random, made at login, stored server-side with the
//   session by db.sessions.create and returned by db.sessions.get) — the synchronizer-token
//   pattern.
// - Not signed in (the login, register and resend forms): a signed double-submit token. The browser
//   holds a random nonce in an HttpOnly cookie (cookies.hpp: csrf_cookie_name), the form carries
//   HMAC-SHA-256(CAMBIO_SECRET_KEY, "csrf:" + nonce). Another site can neither read the cookie nor
//   compute the HMAC, and cannot plant a matching pair without the key.
//
// Comparisons are constant-time. SameSite=Lax on the cookies is a second line, not the defence.

#include <string>
#include <string_view>

namespace cambio::frontend::accounts {

// The form token of an anonymous visitor whose csrf cookie holds `nonce`.
std::string anonymous_csrf_token(std::string_view secret_key, std::string_view nonce);

// True if `presented` equals `expected` (constant time); false if either is empty.
bool csrf_accepted(std::string_view expected, std::string_view presented);

}  // namespace cambio::frontend::accounts
