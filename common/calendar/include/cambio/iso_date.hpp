#pragma once
// Calendar dates as Cambio passes them around: std::chrono::year_month_day in code, "YYYY-MM-DD"
// (ISO 8601) on the wire and in the database. Rate dates are calendar days without a time zone.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cambio {

using date = std::chrono::year_month_day;

// "2024-03-01" → the date; nullopt for anything else (wrong shape, 2024-02-30, ...).
std::optional<date> parse_iso_date(std::string_view text);

// The date as "YYYY-MM-DD".
std::string to_iso(date d);

// Monday–Friday.
bool is_weekday(date d);

// `d` plus `days` (negative goes back).
date add_days(date d, int days);

// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(date from, date to);

// The UTC calendar day of a point in time.
date utc_day(std::chrono::system_clock::time_point t);

}  // namespace cambio
