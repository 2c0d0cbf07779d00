#pragma once
// Which rate dates the ingestor must hold, and which of them it still has to fetch.
//
// The window is the `min_days` calendar days up to the provider's newest rate date (normally
// yesterday or today; the last day of the file for the offline ECB CSV). Every weekday in it that
// is not held is fetched; days the provider has no rates for (holidays) come back empty and cost
// one small request at each catch-up.

#include <set>
#include <utility>
#include <vector>

#include "cambio/iso_date.hpp"

namespace cambio::rates {

using date_range = std::pair<cambio::date, cambio::date>;  // [first, last]

// The weekdays of [from, to] not in `held`, as maximal ranges (a weekend between two missing days
// does not split a range: one request fetches both).
std::vector<date_range> missing_ranges(cambio::date from, cambio::date to,
                                       const std::set<cambio::date>& held);

// [from, to] cut into ranges of at most `days` calendar days, in order.
std::vector<date_range> chunks(cambio::date from, cambio::date to, int days);

}  // namespace cambio::rates
