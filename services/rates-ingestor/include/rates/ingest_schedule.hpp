#pragma once
// When the rates-ingestor fetches: a cron expression in an IANA time zone
// (CAMBIO_RATES_SCHEDULE, default "0 9 * * 1-5"; CAMBIO_TZ, default the host's zone), and only
// ever on a Monday to Friday in that zone, whatever the expression says.

#include <chrono>
#include <string>

#include "cambio/config.hpp"
#include "rates/cron.hpp"

namespace cambio::rates {

class ingest_schedule {
 public:
  // Throws cambio::config_error naming the setting.
  static ingest_schedule from_config(const cambio::config& cfg);
  ingest_schedule(cron_schedule cron, const ::date::time_zone& zone);

  // The first run strictly after `after`.
  sys_seconds next_after(sys_seconds after) const;

  // The local calendar day of `t` in the schedule's zone.
  std::chrono::year_month_day local_day(sys_seconds t) const;

  const cron_schedule& cron() const { return cron_; }
  const ::date::time_zone& zone() const { return *zone_; }
  std::string zone_name() const;  // "Europe/Berlin"
  std::string describe() const;   // "0 9 * * 1-5 Europe/Berlin"

 private:
  cron_schedule cron_;
  const ::date::time_zone* zone_;
};

}  // namespace cambio::rates
