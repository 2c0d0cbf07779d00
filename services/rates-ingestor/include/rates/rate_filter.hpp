#pragma once
// What of a provider's answer is stored: sets dated Monday to Friday, and of each only the
// currencies of the catalog (cambio/currency.hpp; retired codes included, since a history holds
// them). A provider publishing on weekends (Open Exchange Rates does) loses those days here, and
// the database refuses them too.

#include <set>
#include <string>
#include <vector>

#include "rates/rate_set.hpp"

namespace cambio::rates {

struct filtered_sets {
  std::vector<rate_set> sets;              // what may be stored
  std::vector<cambio::date> weekend_sets;  // dropped: dated on a Saturday or Sunday
  std::set<std::string> unknown_codes;     // dropped currencies (and bases) not in the catalog
};

filtered_sets filter_for_storage(std::vector<rate_set> sets);

}  // namespace cambio::rates
