#include "rates/rate_window.hpp"

#include <algorithm>

namespace cambio::rates {

std::vector<date_range> missing_ranges(cambio::date from, cambio::date to,
                                       const std::set<cambio::date>& held) {
  std::vector<date_range> out;
  bool open = false;  // whether the last range may still grow
  for (auto d = from; d <= to; d = cambio::add_days(d, 1)) {
    if (!cambio::is_weekday(d)) continue;
    if (held.count(d) != 0) {
      open = false;
    } else if (open) {
      out.back().second = d;
    } else {
      out.emplace_back(d, d);
      open = true;
    }
  }
  return out;
}

std::vector<date_range> chunks(cambio::date from, cambio::date to, int days) {
  std::vector<date_range> out;
  for (auto start = from; start <= to; start = cambio::add_days(start, days)) {
    out.emplace_back(start, std::min(to, cambio::add_days(start, days - 1)));
  }
  return out;
}

}  // namespace cambio::rates
