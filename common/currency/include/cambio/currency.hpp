#pragma once
// The currencies Cambio knows: ISO 4217 codes with their minor units (the exponent of the smallest
// unit: EUR 2, JPY 0, KWD 3), plus BTC with 8. Every currency code that enters the system — a
// request, a provider's rate set, a stored row — is checked here.
//
// Retired codes (HRK, replaced by EUR on 2023-01-01) are known but not active: a provider's history
// may hold them, users can no longer pick them.
//
//   if (auto problem = cambio::currency::problem(code)) throw invalid_argument(*problem);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cambio::currency {

struct info {
  std::string_view code;         // "EUR"
  std::string_view name;         // "Euro"
  int minor_units;               // 2
  std::string_view retired_on;   // "" while active, else "YYYY-MM-DD"
  std::string_view replaced_by;  // the successor of a retired code ("EUR"), else ""

  bool active() const { return retired_on.empty(); }
};

// The entry for `code` (exact, upper case), active or retired; nullptr if unknown.
const info* find(std::string_view code);

// True if `code` is known and active.
bool is_active(std::string_view code);

// Why `code` cannot be used, e.g. "unknown currency 'EUX'" or "HRK is retired (replaced by EUR on
// 2023-01-01)"; nullopt when it is active.
std::optional<std::string> problem(std::string_view code);

// Every active currency, sorted by code.
const std::vector<const info*>& active();

// Every known entry (active and retired), sorted by code.
const std::vector<info>& all();

}  // namespace cambio::currency
