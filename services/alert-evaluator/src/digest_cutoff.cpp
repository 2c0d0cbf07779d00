#include "alerts/digest_cutoff.hpp"

#include <cstdio>
#include <stdexcept>

namespace cambio::alerts {

std::chrono::sys_seconds digest_cutoff(std::chrono::system_clock::time_point now, int hour) {
  using namespace std::chrono;
  if (hour < 0 || hour > 23) {
    throw std::invalid_argument("digest hour " + std::to_string(hour) + " is not in 0..23");
  }
  const auto day = floor<days>(now);
  const auto today = sys_seconds(day) + hours(hour);
  return today <= now ? today : today - days(1);
}

std::string utc_seconds_text(std::chrono::sys_seconds t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss time(t - day);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

}  // namespace cambio::alerts
