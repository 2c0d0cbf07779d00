// The ingest schedule with injected times: cron parsing, weekday-only runs at 09:00 local, DST
// edges in Europe/Berlin and America/New_York, and which dates a catch-up fetches.

#include <date/tz.h>
#include <catch2/catch.hpp>

#include "rates/ingest_schedule.hpp"
#include "rates/rate_window.hpp"

using namespace cambio::rates;
using namespace std::chrono;

namespace {

const ::date::time_zone& zone(const char* name) { return *::date::locate_zone(name); }

// A local wall-clock time in `tz` as a system time (must exist and be unambiguous).
sys_seconds at(const char* tz, int y, unsigned mo, unsigned d, int h, int mi) {
  const auto local = ::date::local_days{::date::year{y} / mo / d} + hours{h} + minutes{mi};
  return zone(tz).to_sys(local);
}

std::string local_text(const char* tz, sys_seconds t) {
  return ::date::format("%F %a %H:%M %Z", ::date::make_zoned(&zone(tz), t));
}

cambio::date ymd(int y, unsigned m, unsigned d) {
  return cambio::date{year{y}, month{m}, std::chrono::day{d}};
}

cambio::config settings(const std::string& key, const std::string& value) {
  return cambio::config(std::map<std::string, std::string>{{key, value}});
}

}  // namespace

TEST_CASE("cron expressions parse like crontab(5) and bad ones name the field", "[schedule]") {
  const auto weekdays = cron_schedule::parse("0 9 * * 1-5");
  CHECK(weekdays.matches_day(ymd(2026, 11, 23)));   // Monday
  CHECK(!weekdays.matches_day(ymd(2026, 11, 22)));  // Sunday
  CHECK(cron_schedule::parse("0 9 * * MON-FRI").matches_day(ymd(2026, 11, 27)));
  CHECK(cron_schedule::parse("0 9 * * 7").matches_day(ymd(2026, 11, 22)));  // 7 is Sunday
  // Both day fields restricted: either one matches (Vixie cron).
  const auto either = cron_schedule::parse("0 0 1 * MON");
  CHECK(either.matches_day(ymd(2026, 12, 1)));   // the 1st (a Tuesday)
  CHECK(either.matches_day(ymd(2026, 11, 23)));  // a Monday
  CHECK(!either.matches_day(ymd(2026, 11, 24)));

  const auto rejects = [](const char* text, const char* why) {
    INFO(text);
    CHECK_THROWS_WITH(cron_schedule::parse(text), Catch::Contains(why));
  };
  rejects("0 9 * *", "5 fields");
  rejects("60 9 * * 1-5", "minute '60': out of range 0-59");
  rejects("0 25 * * *", "hour '25'");
  rejects("0 9 * * 1-8", "day of week '1-8'");
  rejects("0 9 * * 5-1", "runs backwards");
  rejects("*/0 9 * * *", "step must be a positive number");
  rejects("0 9 * FOO *", "month 'FOO': not a number");
  rejects("0 9 ,1 * *", "empty list element");
}

TEST_CASE("runs Monday to Friday at 09:00 local, never on a weekend", "[schedule]") {
  const ingest_schedule schedule(cron_schedule::parse("0 9 * * 1-5"), zone("Europe/Berlin"));
  // From Friday 2026-11-20 10:00 the next runs are Mon..Fri 09:00 CET, then Monday again.
  auto t = at("Europe/Berlin", 2026, 11, 20, 10, 0);
  std::vector<std::string> runs;
  for (int i = 0; i < 6; ++i)
    runs.push_back(local_text("Europe/Berlin", t = schedule.next_after(t)));
  CHECK(runs == std::vector<std::string>{"2026-11-23 Mon 09:00 CET", "2026-11-24 Tue 09:00 CET",
                                         "2026-11-25 Wed 09:00 CET", "2026-11-26 Thu 09:00 CET",
                                         "2026-11-27 Fri 09:00 CET", "2026-11-30 Mon 09:00 CET"});
  // Exactly at a run time, the next one is the following day's.
  CHECK(local_text("Europe/Berlin", schedule.next_after(at("Europe/Berlin", 2026, 11, 23, 9, 0))) ==
        "2026-11-24 Tue 09:00 CET");

  // An expression that also names weekends still never runs on one.
  const ingest_schedule daily(cron_schedule::parse("0 9 * * *"), zone("Europe/Berlin"));
  t = at("Europe/Berlin", 2026, 11, 20, 10, 0);
  CHECK(local_text("Europe/Berlin", daily.next_after(t)) == "2026-11-23 Mon 09:00 CET");
}

TEST_CASE("09:00 local stays 09:00 across DST changes", "[schedule][dst]") {
  const ingest_schedule berlin(cron_schedule::parse("0 9 * * 1-5"), zone("Europe/Berlin"));
  // Spring forward on Sunday 2026-03-29: Friday 09:00 is 08:00 UTC, Monday 09:00 is 07:00 UTC.
  const auto friday = berlin.next_after(at("Europe/Berlin", 2026, 3, 26, 12, 0));
  const auto monday = berlin.next_after(friday);
  CHECK(::date::format("%F %H:%M", friday) == "2026-03-27 08:00");
  CHECK(::date::format("%F %H:%M", monday) == "2026-03-30 07:00");
  // Fall back on Sunday 2026-10-25.
  const auto before = berlin.next_after(at("Europe/Berlin", 2026, 10, 22, 12, 0));
  const auto after = berlin.next_after(before);
  CHECK(::date::format("%F %H:%M", before) == "2026-10-23 07:00");
  CHECK(::date::format("%F %H:%M", after) == "2026-10-26 08:00");

  const ingest_schedule new_york(cron_schedule::parse("0 9 * * 1-5"), zone("America/New_York"));
  CHECK(
      ::date::format("%F %H:%M", new_york.next_after(at("America/New_York", 2026, 3, 6, 12, 0))) ==
      "2026-03-09 13:00");  // EDT from 2026-03-08
}

TEST_CASE("a time skipped by spring-forward fires at the end of the gap, a repeated one once",
          "[schedule][dst]") {
  const auto& berlin = zone("Europe/Berlin");
  // 02:30 does not exist on 2026-03-29 (clocks jump 02:00 → 03:00 CEST = 01:00 UTC).
  const auto gap = cron_schedule::parse("30 2 * * *");
  const auto spring = gap.next_after(at("Europe/Berlin", 2026, 3, 29, 0, 0), berlin);
  CHECK(::date::format("%F %H:%M", spring) == "2026-03-29 01:00");
  CHECK(local_text("Europe/Berlin", gap.next_after(spring, berlin)) == "2026-03-30 Mon 02:30 CEST");

  // 02:30 happens twice on 2026-10-25 (CEST, then CET): it fires at the first only.
  const auto first = gap.next_after(at("Europe/Berlin", 2026, 10, 24, 12, 0), berlin);
  CHECK(::date::format("%F %H:%M", first) == "2026-10-25 00:30");
  const auto next = gap.next_after(first, berlin);
  CHECK(local_text("Europe/Berlin", next) == "2026-10-26 Mon 02:30 CET");
}

TEST_CASE("catch-up: the missing weekdays, as ranges, across a weekend of downtime", "[schedule]") {
  // Held up to Friday 2024-01-05; the ingestor comes back on Tuesday 2024-01-09.
  std::set<cambio::date> held{ymd(2024, 1, 2), ymd(2024, 1, 3), ymd(2024, 1, 4), ymd(2024, 1, 5)};
  CHECK(missing_ranges(ymd(2024, 1, 2), ymd(2024, 1, 9), held) ==
        std::vector<date_range>{{ymd(2024, 1, 8), ymd(2024, 1, 9)}});
  // Nothing missing: nothing fetched again (the same date is never ingested twice).
  held.insert(ymd(2024, 1, 8));
  held.insert(ymd(2024, 1, 9));
  CHECK(missing_ranges(ymd(2024, 1, 2), ymd(2024, 1, 9), held).empty());
  // A gap on Friday and Monday is one range: the weekend between does not split it.
  held.erase(ymd(2024, 1, 5));
  held.erase(ymd(2024, 1, 8));
  CHECK(missing_ranges(ymd(2024, 1, 1), ymd(2024, 1, 9), held) ==
        std::vector<date_range>{{ymd(2024, 1, 1), ymd(2024, 1, 1)},
                                {ymd(2024, 1, 5), ymd(2024, 1, 8)}});
  // Weekend-only windows ask for nothing.
  CHECK(missing_ranges(ymd(2024, 1, 6), ymd(2024, 1, 7), {}).empty());

  CHECK(chunks(ymd(2024, 1, 1), ymd(2024, 1, 10), 4) ==
        std::vector<date_range>{{ymd(2024, 1, 1), ymd(2024, 1, 4)},
                                {ymd(2024, 1, 5), ymd(2024, 1, 8)},
                                {ymd(2024, 1, 9), ymd(2024, 1, 10)}});
}

TEST_CASE("schedule settings: bad expressions and zones stop the service naming the setting",
          "[schedule]") {
  CHECK_THROWS_WITH(ingest_schedule::from_config(settings("CAMBIO_RATES_SCHEDULE", "0 9")),
                    Catch::Contains("CAMBIO_RATES_SCHEDULE"));
  CHECK_THROWS_WITH(ingest_schedule::from_config(settings("CAMBIO_TZ", "Mars/Olympus")),
                    Catch::Contains("CAMBIO_TZ: unknown time zone 'Mars/Olympus'"));
  CHECK_THROWS_WITH(ingest_schedule::from_config(settings("CAMBIO_RATES_SCHEDULE", "0 9 * * 6,0")),
                    Catch::Contains("never fires on a weekday"));
  const auto s = ingest_schedule::from_config(settings("CAMBIO_TZ", "Asia/Tokyo"));
  CHECK(s.describe() == "0 9 * * 1-5 Asia/Tokyo");
}
