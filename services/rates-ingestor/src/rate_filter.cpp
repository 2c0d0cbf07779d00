#include "rates/rate_filter.hpp"

#include "cambio/currency.hpp"

namespace cambio::rates {

filtered_sets filter_for_storage(std::vector<rate_set> sets) {
  filtered_sets out;
  for (auto& set : sets) {
    if (!cambio::is_weekday(set.date)) {
      out.weekend_sets.push_back(set.date);
      continue;
    }
    if (cambio::currency::find(set.base) == nullptr) {
      out.unknown_codes.insert(set.base);
      continue;
    }
    std::erase_if(set.rates, [&](const auto& entry) {
      const bool known = cambio::currency::find(entry.first) != nullptr;
      if (!known) out.unknown_codes.insert(entry.first);
      return !known || entry.first == set.base;
    });
    if (!set.rates.empty()) out.sets.push_back(std::move(set));
  }
  return out;
}

}  // namespace cambio::rates
