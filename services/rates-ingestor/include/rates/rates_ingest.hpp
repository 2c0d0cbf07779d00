#pragma once
// Fetching rate sets from the provider into the database, the one path every ingest takes: the
// scheduled run, the catch-up at start, `rates.ingest` and `cambioctl rates backfill`.
//
// Each run fetches (with retries, rates/retry.hpp), keeps what may be stored
// (rates/rate_filter.hpp), stores it (a set already held is left as it was) and, when the newest
// held rate date moved forward, publishes one `rates.updated` event {provider, date, base,
// previous_date} so that caches refresh and alerts are evaluated between the two sets. A failure is
// logged, counted (rates_ingest_runs_total{outcome="failed"}) and shown in health; nothing of a
// failed fetch is stored. Runs of one instance never overlap.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cambio/config.hpp"
#include "cambio/health_report.hpp"
#include "rates/provider.hpp"
#include "rates/rate_store.hpp"
#include "rates/rate_window.hpp"
#include "rates/retry.hpp"

namespace cambio::metrics {
class registry;
class counter;
}  // namespace cambio::metrics

namespace cambio::rates {

struct ingest_settings {
  int min_days = 31;     // CAMBIO_RATES_MIN_DAYS: calendar days always held
  int keep_days = 0;     // CAMBIO_RATES_KEEP_DAYS: prune older sets; 0 keeps all
  int chunk_days = 366;  // calendar days per provider request of a long range
  retry_policy retry;    // CAMBIO_RATES_RETRY_ATTEMPTS / _RETRY_MIN_MS / _RETRY_MAX_MS
  std::chrono::milliseconds budget{300'000};  // CAMBIO_RATES_FETCH_BUDGET_MS: one run, retries in
};

struct ingest_report {
  int fetched = 0;                     // sets the provider returned
  std::vector<cambio::date> stored;    // dates newly stored
  std::optional<cambio::date> newest;  // newest date held after the run
  bool published = false;              // whether rates.updated was published
};

// The last run, for rates.status and health.
struct run_record {
  std::chrono::system_clock::time_point at;
  std::string kind;  // "sync", "latest", "range"
  bool ok = false;
  std::string error;  // why it failed
  int stored = 0;
};

class rates_ingest {
 public:
  using publisher = std::function<void(const nlohmann::json& event)>;

  rates_ingest(provider& source, rate_store& store, publisher publish, ingest_settings settings,
               cambio::metrics::registry& metrics);

  // The scheduled run and the catch-up at start: the provider's newest set, then every weekday
  // of the window (min_days up to that set's date) not yet held; then pruning, if configured.
  ingest_report synchronize();
  // The sets of [from, to] (a single date: from == to; the set on or before it, when the provider
  // answers for a holiday with the previous day). `progress(done, total)` after each chunk.
  ingest_report fetch_range(cambio::date from, cambio::date to,
                            const std::function<void(int, int)>& progress = {});

  std::optional<run_record> last_run() const;
  // ok unless the last run failed.
  cambio::health_check health() const;
  const ingest_settings& settings() const { return settings_; }

 private:
  template <class Fn>
  ingest_report run(const char* kind, Fn&& body);
  std::vector<rate_set> fetch(const std::function<std::vector<rate_set>(deadline)>& call,
                              deadline until);
  void store(std::vector<rate_set> sets, ingest_report& report);
  void publish_if_newer(std::optional<cambio::date> before, ingest_report& report);

  provider& source_;
  rate_store& store_;
  publisher publish_;
  ingest_settings settings_;
  cambio::metrics::registry& metrics_;
  cambio::metrics::counter* stored_total_;

  std::mutex run_mutex_;  // one run at a time
  mutable std::mutex status_mutex_;
  std::optional<run_record> last_run_;
};

ingest_settings read_ingest_settings(const cambio::config& cfg);

}  // namespace cambio::rates
