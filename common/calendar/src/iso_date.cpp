#include "cambio/iso_date.hpp"

#include <charconv>
#include <cstdio>

namespace cambio {
namespace {

bool digits(std::string_view text, int& out) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc{} && ptr == end;
}

}  // namespace

std::optional<date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  int m = 0;
  int d = 0;
  if (!digits(text.substr(0, 4), y) || !digits(text.substr(5, 2), m) ||
      !digits(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  const date result{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                    std::chrono::day{static_cast<unsigned>(d)}};
  if (!result.ok()) return std::nullopt;
  return result;
}

std::string to_iso(date d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buffer;
}

bool is_weekday(date d) {
  const std::chrono::weekday wd{std::chrono::sys_days{d}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

date add_days(date d, int days) { return date{std::chrono::sys_days{d} + std::chrono::days{days}}; }

int days_between(date from, date to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

date utc_day(std::chrono::system_clock::time_point t) {
  return date{std::chrono::floor<std::chrono::days>(t)};
}

}  // namespace cambio
