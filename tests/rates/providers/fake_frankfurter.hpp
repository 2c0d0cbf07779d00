#pragma once
// frankfurter.app's wire format: /latest, /YYYY-MM-DD (on or before), /A..B; 404
// {"message":"not found"}, 422 for a date it cannot read.

#include "fake_published.hpp"

namespace cambio::rates::testing {

fake_provider_server::router frankfurter_routes(published days);

// {"amount":1.0,"base":..,"date":..,"rates":{...}}: a test edits it to break one field.
nlohmann::json frankfurter_day_body(cambio::date day, const day_rates& rates,
                                    const std::string& base = "EUR");

}  // namespace cambio::rates::testing
