#pragma once
// The parsed eurofxref-hist.csv: one flat array of rates, so that the ~280,000 values of the full
// history cost one allocation rather than a map node each.

#include <string>
#include <string_view>
#include <vector>

#include "cambio/iso_date.hpp"

namespace cambio::rates::detail {

struct ecb_table {
  std::vector<std::string> currencies;  // the header's columns after Date
  std::vector<cambio::date> dates;      // oldest first
  std::vector<double> rates;            // dates.size() × currencies.size(), row-major; NaN: none

  const double* row(std::size_t i) const { return rates.data() + i * currencies.size(); }
};

// Parses the file's text. Throws provider_error(bad_response) naming `path` and the line.
ecb_table parse_ecb_csv(std::string_view text, std::string_view path);

}  // namespace cambio::rates::detail
