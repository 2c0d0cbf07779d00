#pragma once
// range() for providers without a range endpoint: one request per weekday.

#include <functional>
#include <vector>

#include "cambio/iso_date.hpp"
#include "rates/rate_set.hpp"

namespace cambio::rates::detail {

// Calls `fetch_day` for every weekday in [from, to] (weekends are never published by the reference
// rate providers, so asking would only return Friday again). Keeps the sets whose rate date lies in
// [from, to], oldest first, each date once: a holiday answers with the previous working day's set,
// already kept or before `from`. A day the provider has no rates for (not_found) is skipped; any
// other failure ends the range.
std::vector<rate_set> per_day_range(cambio::date from, cambio::date to,
                                    const std::function<rate_set(cambio::date)>& fetch_day);

}  // namespace cambio::rates::detail
