#pragma once
// The alert pages, in the frame of the account pages (account_site::page: sessions, CSRF, the
// security headers, friendly errors, 503 when db-proxy does not answer):
//
//   GET  /alerts?base=&quote=&status=&after=   the user's alerts, newest first, 20 a page (keyset:
//                                 `after` = the last id of the previous page), each with its
//                                 pair's current ratio and rate date, last firing and status;
//                                 the filters; the create form
//   POST /alerts                  create (the form's fields, alert_form.hpp) → 303 /alerts, or
//                                 the page again with the problems beside the fields (400; 429
//                                 over CAMBIO_ALERTS_PER_USER)
//   GET  /alerts/{id}             one alert with its firing history
//   POST /alerts/{id}/pause | /resume | /delete
//   GET  /alerts/unsubscribe?t=   the signed link of a mail (unsubscribe_link.hpp): a confirmation
//                                 page with a button, no change (mail scanners fetch links)
//   POST /alerts/unsubscribe?t=   RFC 8058 one-click (body List-Unsubscribe=One-Click) or the
//                                 button: pauses the alert (or the user's daily digest alerts);
//                                 no session and no CSRF token needed. A bad token → 400.
//
// Everything but the unsubscribe link needs a session: GETs without one go to /login. Another
// user's alert is a 404, like one that does not exist.

#include <memory>

#include <httplib.h>

#include "accounts/account_pages.hpp"
#include "alerts/alert_settings.hpp"
#include "rates/rates_backend.hpp"

namespace cambio::frontend::alerts {

// `settings` is filled in before the web port opens (on start) and read by every request.
void append_alert_pages(httplib::Server& routes, accounts::account_site& site, rates_backend& rates,
                        std::shared_ptr<const alert_settings> settings);

}  // namespace cambio::frontend::alerts
