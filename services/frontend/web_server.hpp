#pragma once
// The frontend's web port: server-rendered pages and the JSON API under /api/v1.

#include "cambio/service.hpp"

namespace cambio::frontend {

// Serves CAMBIO_HTTP_HOST:CAMBIO_HTTP_PORT (127.0.0.1:8080) from the service's start to its stop,
// with CAMBIO_HTTP_THREADS (64) request threads:
//   GET /                 the home page
//   GET /register, /login, /verify, /resend, /logout, /profile, ...  the account pages, the
//                         shells of later features, /static/cambio.css and the friendly error
//                         pages (accounts/account_pages.hpp)
//   GET /rates            the rates page (rates/rates_page.hpp)
//   /alerts...            the alert pages and the one-click unsubscribe link
//                         (alerts/alert_pages.hpp)
//   /api/v1/alerts...     the alerts of the JSON API (alerts/alert_api.hpp)
//   GET /api/v1/health    the backends' status as JSON
//   GET /api/v1/rates/... the rates API (rates/rates_api.hpp)
//   /api/v1/token..., /api/v1/register, /api/v1/verify..., /api/v1/me, /api/v1/openapi.json and
//                         the docs page /api/docs: the account side of the API (api/json_api.hpp)
// Errors of the API are JSON (http_error.hpp); an unknown /api/v1 path is a JSON 404.
void append_web_server(cambio::service& s);

}  // namespace cambio::frontend
