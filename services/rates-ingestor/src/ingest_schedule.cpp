#include "rates/ingest_schedule.hpp"

#include <date/tz.h>

#include "cambio/iso_date.hpp"

namespace cambio::rates {

ingest_schedule ingest_schedule::from_config(const cambio::config& cfg) {
  const auto expression = cfg.get("CAMBIO_RATES_SCHEDULE", "0 9 * * 1-5");
  std::optional<cron_schedule> cron;
  try {
    cron = cron_schedule::parse(expression);
  } catch (const std::invalid_argument& e) {
    throw cambio::config_error("CAMBIO_RATES_SCHEDULE: " + std::string(e.what()));
  }
  const ::date::time_zone* zone = nullptr;
  const auto tz = cfg.find("CAMBIO_TZ");
  try {
    zone = tz ? ::date::locate_zone(*tz) : ::date::current_zone();
  } catch (const std::exception& e) {
    throw cambio::config_error("CAMBIO_TZ: unknown time zone '" + tz.value_or("") +
                               "' (an IANA name such as Europe/Berlin): " + e.what());
  }
  ingest_schedule schedule(std::move(*cron), *zone);
  try {
    schedule.next_after(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  } catch (const std::runtime_error& e) {
    throw cambio::config_error("CAMBIO_RATES_SCHEDULE: " + std::string(e.what()));
  }
  return schedule;
}

ingest_schedule::ingest_schedule(cron_schedule cron, const ::date::time_zone& zone)
    : cron_(std::move(cron)), zone_(&zone) {}

sys_seconds ingest_schedule::next_after(sys_seconds after) const {
  auto at = cron_.next_after(after, *zone_);
  for (int tries = 0; tries < 10000; ++tries, at = cron_.next_after(at, *zone_)) {
    if (cambio::is_weekday(local_day(at))) return at;
  }
  throw std::runtime_error("cron expression '" + cron_.text() + "' never fires on a weekday");
}

std::chrono::year_month_day ingest_schedule::local_day(sys_seconds t) const {
  const auto local = ::date::floor<std::chrono::days>(zone_->to_local(t));
  return std::chrono::year_month_day{std::chrono::sys_days{local.time_since_epoch()}};
}

std::string ingest_schedule::zone_name() const { return std::string(zone_->name()); }

std::string ingest_schedule::describe() const {
  return cron_.text() + " " + std::string(zone_->name());
}

}  // namespace cambio::rates
