#include "per_day_range.hpp"

#include "rates/provider.hpp"

namespace cambio::rates::detail {

std::vector<rate_set> per_day_range(cambio::date from, cambio::date to,
                                    const std::function<rate_set(cambio::date)>& fetch_day) {
  std::vector<rate_set> out;
  for (auto day = from; day <= to; day = add_days(day, 1)) {
    if (!is_weekday(day)) continue;
    rate_set set;
    try {
      set = fetch_day(day);
    } catch (const provider_error& e) {
      if (e.failure() == provider_failure::not_found) continue;
      throw;
    }
    const bool in_range = set.date >= from && set.date <= to;
    const bool newer = out.empty() || set.date > out.back().date;
    if (in_range && newer) out.push_back(std::move(set));
  }
  return out;
}

}  // namespace cambio::rates::detail
