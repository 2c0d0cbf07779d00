#pragma once
// The API's description: the OpenAPI 3 document (api/openapi.json, compiled in) served at
// GET /api/v1/openapi.json, and a readable page of it at GET /api/docs, rendered here from the same
// document (no script, no CDN): one section per tag, each operation with its parameters, body
// fields and answers.

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "page_layout.hpp"

namespace cambio::frontend::api {

// The parsed document.
const nlohmann::json& openapi_document();

// The docs page's data for templates/api_docs.mustache.
template_data api_docs_view(const nlohmann::json& document);

void append_api_docs(httplib::Server& routes);

}  // namespace cambio::frontend::api
