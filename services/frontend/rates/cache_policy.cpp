#include "rates/cache_policy.hpp"

namespace cambio::frontend {

std::string rates_cache_control(std::optional<cambio::date> asked, cambio::date today) {
  constexpr int k_settled_days = 7;
  if (asked && cambio::days_between(*asked, today) > k_settled_days) {
    return "public, max-age=86400";
  }
  return "public, max-age=60";
}

}  // namespace cambio::frontend
