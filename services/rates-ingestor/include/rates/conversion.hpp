#pragma once
// Conversion arithmetic over one rate set: cross rates A→B = r(B)/r(A) on the set's date (the base
// has rate 1), amounts as decimal text rounded to the target currency's minor units. Pure functions
// that throw rmqrpc::error: invalid_argument (a bad code or amount), not_found (a currency the set
// does not hold).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rates/rate_set.hpp"

namespace cambio::rates {

// Throws invalid_argument naming `field` and the problem ("unknown currency 'EUX'", "HRK is
// retired (replaced by EUR on 2023-01-01)").
void require_active_currency(std::string_view field, std::string_view code);

// The rate of `code` in `set` (1 for the base); throws not_found naming the currency.
double rate_of(const rate_set& set, std::string_view code);

// Units of `to` per 1 `from` on the set's date.
double cross_rate(const rate_set& set, std::string_view from, std::string_view to);

// A non-negative amount given as a decimal string ("12.50") or a JSON number; throws
// invalid_argument otherwise (negative, not finite, not a number, more than 1e15).
double parse_amount(const nlohmann::json& amount);

// `value` rounded half away from zero to `minor_units` decimals, as text ("12.35").
std::string format_amount(double value, int minor_units);

// The minor units of an active currency (2 when unknown).
int minor_units_of(std::string_view code);

}  // namespace cambio::rates
