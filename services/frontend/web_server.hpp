#pragma once
// The frontend's web port: server-rendered pages and the JSON API under /api/v1.

#include "cambio/service.hpp"

namespace cambio::frontend {

// Serves CAMBIO_HTTP_HOST:CAMBIO_HTTP_PORT (127.0.0.1:8080) from the service's start to its stop:
//   GET /               the home page
//   GET /api/v1/health  the backends' status as JSON
void append_web_server(cambio::service& s);

}  // namespace cambio::frontend
