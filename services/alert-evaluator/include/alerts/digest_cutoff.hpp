#pragma once
// When the daily digest closes: the latest <hour>:00:00 UTC at or before `now`. Firings recorded
// before it go into that day's digest (db.alerts.digest {cutoff}); the sweep asks again every
// time, and db-proxy sends each firing in one digest only, so the same cutoff twice is harmless.

#include <chrono>
#include <string>

namespace cambio::alerts {

// `hour` in 0..23 (throws std::invalid_argument otherwise). At exactly <hour>:00:00.000 the
// cutoff is `now` itself (that hour has come).
std::chrono::sys_seconds digest_cutoff(std::chrono::system_clock::time_point now, int hour);

// "YYYY-MM-DDTHH:MM:SSZ", as db.alerts.digest takes it.
std::string utc_seconds_text(std::chrono::sys_seconds t);

}  // namespace cambio::alerts
