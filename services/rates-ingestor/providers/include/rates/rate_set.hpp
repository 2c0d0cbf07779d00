#pragma once
// One day's reference rates as a provider publishes them: against the provider's base currency, on
// the provider's rate date (the day the rates are for, never the day they were fetched).

#include <map>
#include <string>

#include "cambio/iso_date.hpp"

namespace cambio::rates {

struct rate_set {
  std::string provider;                 // "frankfurter", "ecb-csv", ...
  cambio::date date;                    // the provider's rate date
  std::string base;                     // "EUR": rates are units of the quote currency per 1 base
  std::map<std::string, double> rates;  // quote currency → rate (> 0); never holds the base
};

}  // namespace cambio::rates
