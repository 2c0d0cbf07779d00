#pragma once
// The frontend's web port: server-rendered pages and the JSON API under /api/v1.

#include "cambio/service.hpp"

namespace cambio::frontend {

// Serves CAMBIO_HTTP_HOST:CAMBIO_HTTP_PORT (127.0.0.1:8080) from the service's start to its stop:
//   GET /                 the home page
//   GET /rates            the rates page (rates/rates_page.hpp)
//   GET /api/v1/health    the backends' status as JSON
//   GET /api/v1/rates/... the rates API (rates/rates_api.hpp)
// Errors of the API are JSON (http_error.hpp); an unknown /api/v1 path is a JSON 404.
void append_web_server(cambio::service& s);

}  // namespace cambio::frontend
