#pragma once
// openexchangerates.org's wire format: /latest.json and /historical/YYYY-MM-DD.json (on or before)
// with ?app_id=, no date field (a timestamp); errors with their HTTP status and
// {"error":true,"status":..,"message":..,"description":..}.

#include "fake_published.hpp"

namespace cambio::rates::testing {

fake_provider_server::router openexchangerates_routes(published days, std::string app_id);

// {"disclaimer":..,"license":..,"timestamp":..,"base":..,"rates":{...}}.
nlohmann::json openexchangerates_day_body(cambio::date day, const day_rates& rates,
                                          const std::string& base = "USD");

fake_reply openexchangerates_error(int status, const std::string& message,
                                   const std::string& description = "");

}  // namespace cambio::rates::testing
