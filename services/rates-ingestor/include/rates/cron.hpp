#pragma once
// A five-field cron expression (minute hour day-of-month month day-of-week), as crontab(5) reads
// it:
// `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`; month and weekday names (JAN,
// MON); weekday 0 and 7 are Sunday. As in Vixie cron, when both day-of-month and day-of-week are
// restricted a day matching either one fires.
//
// Fire times are wall-clock times in an IANA time zone, correct across DST changes: a time that
// does not exist that day (skipped by a spring-forward) fires at the first instant after the gap;
// a time that exists twice (fall-back) fires once, at its first occurrence.

#include <bitset>
#include <chrono>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace cambio::rates {

using sys_seconds = std::chrono::sys_seconds;

class cron_schedule {
 public:
  // Throws std::invalid_argument saying which field is wrong and why.
  static cron_schedule parse(std::string_view expression);

  // The first fire time strictly after `after`, in `zone`. Throws std::runtime_error if the
  // expression never fires (e.g. "0 0 30 2 *").
  sys_seconds next_after(sys_seconds after, const ::date::time_zone& zone) const;

  // Whether the local calendar day (y, m, d, weekday 0 = Sunday) can fire.
  bool matches_day(std::chrono::year_month_day day) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1..31
  std::bitset<13> months_;         // 1..12
  std::bitset<7> days_of_week_;    // 0 = Sunday
  bool any_day_of_month_ = true;
  bool any_day_of_week_ = true;
};

}  // namespace cambio::rates
