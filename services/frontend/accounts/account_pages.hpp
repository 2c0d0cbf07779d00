#pragma once
// The site's pages around accounts, as HTTP handlers over the flows (account_flows.hpp,
// session_store.hpp, profile_flows.hpp) and views (account_views.hpp):
//
//   GET  /                      home (backend status; the nav knows who is signed in)
//   GET  /register, POST        registration → "check your email" whatever exists
//   GET  /verify?token=         the emailed link
//   GET  /resend, POST          a new verification link (limited per client address too)
//   GET  /login, POST           login → session cookie, 303 to /profile
//   GET  /logout, POST          revokes the session server-side, clears the cookie
//   GET  /profile               picture, default currency, password change (signed in only)
//   POST /profile/currency | /profile/password | /profile/picture (multipart, ≤ 2 MB)
//   GET  /profile/picture       the 256×256 PNG (ETag, Cache-Control: private, 304) or a default
//   SVG GET  /wallet /orders        "coming soon" shells (the alert pages: alerts/alert_pages.hpp)
//   GET  /static/cambio.css     the one stylesheet (ETag, cached a day)
//   anything else               a friendly 404 page (and friendly pages for every other 4xx/5xx
//                               that has no body of its own)
//
// Every POST must carry the CSRF token of the page (csrf.hpp) in its `csrf` field or an
// X-CSRF-Token header, else 403. Every page is `Cache-Control: no-store`, carries X-Request-Id and
// a strict Content-Security-Policy (nothing but our stylesheet and images, no script, never
// framed), X-Frame-Options: DENY and Referrer-Policy: no-referrer. A backend failure is the error
// page with the status of http_error.hpp (503 + Retry-After when db-proxy does not answer), within
// rpc_account_backend's deadline.

#include <functional>
#include <memory>

#include <httplib.h>

#include "accounts/account_settings.hpp"
#include "accounts/address_limits.hpp"
#include "accounts/page_request.hpp"
#include "accounts/profile_cache.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::frontend::accounts {

// How a page treats the session and the CSRF token.
enum class page_kind {
  read,          // GET: a session that cannot be checked is a 503
  read_lenient,  // GET /: a session that cannot be checked is treated as none
  change,        // POST: CSRF checked
  signed_link,   // POST whose authority is a signed token in its URL (one-click unsubscribe): no
                 // session needed, no CSRF token; a session that cannot be checked counts as none
};

using page_fn = std::function<void(page_request&)>;

// For signed-in pages: true with a user; else a GET is sent to /login and a POST answered 401.
bool require_signed_in(page_request& p);

class account_site {
 public:
  // `profiles` outlives the site.
  account_site(rmqrpc::client& client, profile_cache& profiles);
  ~account_site();

  // Before the web port starts (the settings need CAMBIO_SECRET_KEY, read in on_start). `limits`
  // are shared with the JSON API.
  void configure(const account_settings& settings, std::shared_ptr<address_limits> limits);

  void append_routes(httplib::Server& routes);

  // The frame of every page (security headers, request id, the session, the CSRF check of a
  // `change`, errors as friendly pages with http_error.hpp's status) around `fn`, for the pages
  // of other features. Valid once configure() has run when the request comes.
  httplib::Server::Handler page(page_kind k, page_fn fn);
  const account_settings& settings() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cambio::frontend::accounts
