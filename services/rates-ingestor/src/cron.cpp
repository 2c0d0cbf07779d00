#include "rates/cron.hpp"

#include <charconv>
#include <stdexcept>
#include <vector>

#include <date/tz.h>

namespace cambio::rates {
namespace {

struct field_spec {
  const char* name;
  int min;
  int max;
  std::vector<std::string_view> names;  // names[i] stands for min + i
};

const field_spec k_fields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"}},
};

[[noreturn]] void bad(const field_spec& f, std::string_view part, const std::string& why) {
  throw std::invalid_argument("cron " + std::string(f.name) + " '" + std::string(part) +
                              "': " + why);
}

int value_of(const field_spec& f, std::string_view text, std::string_view part) {
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    std::string upper(text);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == f.names[i]) return f.min + static_cast<int>(i);
  }
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
    bad(f, part, "not a number");
  }
  if (v < f.min || v > f.max) {
    bad(f, part, "out of range " + std::to_string(f.min) + "-" + std::to_string(f.max));
  }
  return v;
}

// The values one field admits, as bits min..max; `any` tells whether it was `*` (unrestricted).
std::uint64_t parse_field(const field_spec& f, std::string_view text, bool& any) {
  std::uint64_t bits = 0;
  any = text.starts_with("*");  // as Vixie cron: "*/2" counts as unrestricted
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (part.empty()) bad(f, part, "empty list element");

    auto range = part;
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string_view::npos) {
      range = part.substr(0, slash);
      const auto step_text = part.substr(slash + 1);
      const auto [ptr, ec] =
          std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (ec != std::errc{} || ptr != step_text.data() + step_text.size() || step < 1) {
        bad(f, part, "the step must be a positive number");
      }
    }
    int low = f.min;
    int high = f.max;
    if (range != "*") {
      const auto dash = range.find('-');
      low = value_of(f, range.substr(0, dash), part);
      high = dash == std::string_view::npos ? low : value_of(f, range.substr(dash + 1), part);
      if (dash == std::string_view::npos && part.find('/') != std::string_view::npos) high = f.max;
      if (high < low) bad(f, part, "the range runs backwards");
    }
    for (int v = low; v <= high; v += step) bits |= std::uint64_t{1} << v;
  }
  return bits;
}

}  // namespace

cron_schedule cron_schedule::parse(std::string_view expression) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < expression.size()) {
    while (i < expression.size() && expression[i] == ' ') ++i;
    const auto start = i;
    while (i < expression.size() && expression[i] != ' ') ++i;
    if (i > start) parts.push_back(expression.substr(start, i - start));
  }
  if (parts.size() != 5) {
    throw std::invalid_argument(
        "a cron expression has 5 fields (minute hour day-of-month month "
        "day-of-week), got " +
        std::to_string(parts.size()) + ": '" + std::string(expression) + "'");
  }
  cron_schedule s;
  s.text_ = std::string(expression);
  bool any = false;
  s.minutes_ = parse_field(k_fields[0], parts[0], any);
  s.hours_ = parse_field(k_fields[1], parts[1], any);
  s.days_of_month_ = parse_field(k_fields[2], parts[2], s.any_day_of_month_);
  s.months_ = parse_field(k_fields[3], parts[3], any);
  auto weekdays = parse_field(k_fields[4], parts[4], s.any_day_of_week_);
  if (weekdays & (std::uint64_t{1} << 7)) weekdays = (weekdays | 1) & 0x7f;  // 7 is Sunday too
  s.days_of_week_ = weekdays;
  return s;
}

bool cron_schedule::matches_day(std::chrono::year_month_day day) const {
  if (!months_[static_cast<unsigned>(day.month())]) return false;
  const bool dom = days_of_month_[static_cast<unsigned>(day.day())];
  const bool dow = days_of_week_[std::chrono::weekday{std::chrono::sys_days{day}}.c_encoding()];
  if (any_day_of_month_) return dow;
  if (any_day_of_week_) return dom;
  return dom || dow;
}

sys_seconds cron_schedule::next_after(sys_seconds after, const ::date::time_zone& zone) const {
  using namespace std::chrono;
  const auto local_after = zone.to_local(after);
  auto day = ::date::floor<days>(local_after);
  // Eight years cover every combination of day of month, month and weekday (leap days included).
  for (int i = 0; i < 8 * 366; ++i, day += days{1}) {
    const year_month_day ymd{sys_days{day.time_since_epoch()}};
    if (!matches_day(ymd)) continue;
    for (int h = 0; h < 24; ++h) {
      if (!hours_[static_cast<std::size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!minutes_[static_cast<std::size_t>(m)]) continue;
        const auto local = day + hours{h} + minutes{m};
        // earliest: an ambiguous time fires at its first occurrence; a nonexistent one at the
        // end of the gap.
        const auto at = zone.to_sys(local, ::date::choose::earliest);
        if (at > after) return at;
      }
    }
  }
  throw std::runtime_error("cron expression '" + text_ + "' never fires");
}

}  // namespace cambio::rates
