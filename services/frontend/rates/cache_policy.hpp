#pragma once
// How long a rates answer may be cached (its Cache-Control). The newest set changes when the next
// one is ingested (weekdays at 09:00) — a minute. The set on or before a date (or a range) that
// ended more than a week ago changes only if a backfill adds an older set — a day. The BTC price
// moves every few seconds — five. Errors are never cached (api_handler).

#include <optional>
#include <string>

#include "cambio/iso_date.hpp"

namespace cambio::frontend {

inline constexpr const char* k_btc_cache_control = "public, max-age=5";

// `asked`: the date asked for (a range's end); nullopt for the newest set.
std::string rates_cache_control(std::optional<cambio::date> asked, cambio::date today);

}  // namespace cambio::frontend
