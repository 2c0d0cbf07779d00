#pragma once
// What a fake provider publishes, and the JSON pieces every fake's wire format is built from.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "cambio/iso_date.hpp"
#include "fake_provider_server.hpp"

namespace cambio::rates::testing {

using day_rates = std::map<std::string, double>;
using published = std::map<cambio::date, day_rates>;  // rate date → rates, against one base

// The set published on `day` or on the last day before it (what providers answer for a holiday).
std::optional<std::pair<cambio::date, day_rates>> on_or_before(const published& days,
                                                               cambio::date day);

// {"AUD":1.61,...}, each key prefixed (exchangerate.host's "USDAUD").
nlohmann::json rates_json(const day_rates& rates, const std::string& key_prefix = "");

// Unix seconds of 16:00 UTC on `day`: a publication time whose UTC day is `day`.
std::int64_t afternoon_timestamp(cambio::date day);

fake_reply json_reply(const nlohmann::json& body, int status = 200);

// fixer's and exchangerate.host's error: HTTP 200
// {"success":false,"error":{"code":..,"type":..,"info":..}}.
fake_reply apilayer_error(int code, const std::string& type, const std::string& info = "");

// A small data set against `base` ("EUR" or "USD"): 2023-12-29 (Fri), 2024-01-02 (Tue) ..
// 2024-01-05 (Fri) and 2024-01-08 (Mon) — 1 January is a holiday. Each day's USD or EUR rate
// differs, so a test can tell the days apart.
published sample_days(const std::string& base);

}  // namespace cambio::rates::testing
