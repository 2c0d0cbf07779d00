#pragma once
// exchangerate.host's wire format: /live, /historical?date= (on or before) and
// /timeframe?start_date=&end_date= (at most 365 days) with ?access_key=; quotes keyed source+quote
// ("USDEUR"); errors as HTTP 200 {"success":false,"error":{...}} like fixer's.

#include "fake_published.hpp"

namespace cambio::rates::testing {

fake_provider_server::router exchangerate_host_routes(published days, std::string access_key);

// /live's {"success":true,"timestamp":..,"source":..,"quotes":{"USDEUR":..}} (no date).
nlohmann::json exchangerate_host_live_body(cambio::date day, const day_rates& rates,
                                           const std::string& source = "USD");

}  // namespace cambio::rates::testing
