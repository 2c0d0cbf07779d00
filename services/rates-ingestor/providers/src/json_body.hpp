#pragma once
// Reading the JSON providers' bodies. Every problem is a provider_error(bad_response) whose message
// starts with the request's context ("fixer: GET http://…/latest?access_key=***") and names what is
// missing or wrong, so a log line alone tells which provider changed its format.

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cambio/iso_date.hpp"
#include "rates/http_fetch.hpp"

namespace cambio::rates::detail {

// "<provider>: GET <url with keys redacted>".
std::string request_context(std::string_view provider, std::string_view url);

[[noreturn]] void bad_response(std::string_view context, std::string_view what);

// The body as a JSON object (anything else is a bad_response).
nlohmann::json parse_json_object(const http_response& response, std::string_view context);

// object[name], which must exist (and not be null).
const nlohmann::json& require_member(const nlohmann::json& object, std::string_view name,
                                     std::string_view context);
std::string require_string(const nlohmann::json& object, std::string_view name,
                           std::string_view context);
// object[name] as "YYYY-MM-DD".
cambio::date require_date(const nlohmann::json& object, std::string_view name,
                          std::string_view context);
// The UTC day of object[name], a Unix timestamp in seconds (the rate date of providers that publish
// no date).
cambio::date require_timestamp_day(const nlohmann::json& object, std::string_view name,
                                   std::string_view context);
// A key of a by-date object ("2024-01-02": {...}) as a date.
cambio::date parse_date_key(std::string_view key, std::string_view context);

// A `rates`/`quotes` object: currency → positive finite number; at least one. Keys must start with
// `key_prefix` (exchangerate.host's "USDEUR"), which is stripped; the base itself is dropped
// (rate_set never holds it).
std::map<std::string, double> read_rates(const nlohmann::json& rates, std::string_view what,
                                         std::string_view base, std::string_view context,
                                         std::string_view key_prefix = {});

}  // namespace cambio::rates::detail
