#pragma once
// fixer.io's wire format: /latest and /YYYY-MM-DD (on or before) with ?access_key=; errors as
// HTTP 200 {"success":false,"error":{...}} (101 missing/invalid key, 106 no rates, 302 bad date,
// 103 unknown endpoint).

#include "fake_published.hpp"

namespace cambio::rates::testing {

fake_provider_server::router fixer_routes(published days, std::string access_key);

// {"success":true,"timestamp":..,"base":..,"date":..,"rates":{...}}.
nlohmann::json fixer_day_body(cambio::date day, const day_rates& rates,
                              const std::string& base = "EUR");

}  // namespace cambio::rates::testing
