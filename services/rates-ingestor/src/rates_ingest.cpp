#include "rates/rates_ingest.hpp"

#include <algorithm>

#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "rates/rate_filter.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  static const auto l = cambio::log::get("rates.ingest");
  return l;
}

std::string join(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + std::string(i);
  return out;
}

}  // namespace

ingest_settings read_ingest_settings(const cambio::config& cfg) {
  ingest_settings s;
  s.min_days = static_cast<int>(cfg.get_int("CAMBIO_RATES_MIN_DAYS", 31, 1, 40000));
  s.keep_days = static_cast<int>(cfg.get_int("CAMBIO_RATES_KEEP_DAYS", 0, 0, 100000));
  if (s.keep_days != 0 && s.keep_days < s.min_days) {
    throw cambio::config_error("CAMBIO_RATES_KEEP_DAYS (" + std::to_string(s.keep_days) +
                               ") must be 0 (keep all) or at least CAMBIO_RATES_MIN_DAYS (" +
                               std::to_string(s.min_days) + ")");
  }
  s.retry.attempts = static_cast<int>(cfg.get_int("CAMBIO_RATES_RETRY_ATTEMPTS", 5, 1, 100));
  s.retry.initial_delay = cfg.get_ms("CAMBIO_RATES_RETRY_MIN_MS", std::chrono::seconds(1));
  s.retry.max_delay = cfg.get_ms("CAMBIO_RATES_RETRY_MAX_MS", std::chrono::seconds(60));
  s.budget = cfg.get_ms("CAMBIO_RATES_FETCH_BUDGET_MS", std::chrono::minutes(5));
  return s;
}

rates_ingest::rates_ingest(provider& source, rate_store& store, publisher publish,
                           ingest_settings settings, cambio::metrics::registry& metrics)
    : source_(source),
      store_(store),
      publish_(std::move(publish)),
      settings_(std::move(settings)),
      metrics_(metrics),
      stored_total_(&metrics.counter("rates_sets_stored_total", "Rate sets newly stored",
                                     {{"provider", std::string(source.name())}})) {}

template <class Fn>
ingest_report rates_ingest::run(const char* kind, Fn&& body) {
  std::lock_guard run_lock(run_mutex_);
  run_record record{std::chrono::system_clock::now(), kind, false, {}, 0};
  const auto outcome = [&](const char* o) {
    metrics_
        .counter("rates_ingest_runs_total", "Ingest runs by outcome",
                 {{"kind", kind}, {"outcome", o}})
        .inc();
  };
  try {
    auto report = body();
    record.ok = true;
    record.stored = static_cast<int>(report.stored.size());
    outcome("ok");
    {
      std::lock_guard lock(status_mutex_);
      last_run_ = record;
    }
    return report;
  } catch (const std::exception& e) {
    record.error = e.what();
    outcome("failed");
    logger()->error("{} run failed: {}", kind, e.what());
    std::lock_guard lock(status_mutex_);
    last_run_ = record;
    throw;
  }
}

std::vector<rate_set> rates_ingest::fetch(
    const std::function<std::vector<rate_set>(deadline)>& call, deadline until) {
  const auto provider_name = std::string(source_.name());
  return fetch_with_retry(
      [&] { return call(until); }, settings_.retry, until,
      [&](const provider_error& e, int attempt, std::chrono::milliseconds next) {
        metrics_
            .counter(
                "rates_provider_failures_total", "Failed provider requests (retried or not)",
                {{"provider", provider_name}, {"failure", std::string(to_string(e.failure()))}})
            .inc();
        logger()->warn("{}: attempt {} failed ({}: {}); retrying in {} ms", provider_name, attempt,
                       to_string(e.failure()), e.what(), next.count());
      });
}

void rates_ingest::store(std::vector<rate_set> sets, ingest_report& report) {
  report.fetched += static_cast<int>(sets.size());
  auto filtered = filter_for_storage(std::move(sets));
  if (!filtered.weekend_sets.empty()) {
    logger()->info("{}: {} set(s) dated on a weekend not stored", source_.name(),
                   filtered.weekend_sets.size());
  }
  if (!filtered.unknown_codes.empty()) {
    logger()->debug("{}: currencies outside the catalog not stored: {}", source_.name(),
                    join(filtered.unknown_codes));
  }
  const auto stored = store_.store(filtered.sets);
  stored_total_->inc(static_cast<double>(stored.size()));
  report.stored.insert(report.stored.end(), stored.begin(), stored.end());
}

void rates_ingest::publish_if_newer(std::optional<cambio::date> before, ingest_report& report) {
  const auto newest = store_.get();
  if (!newest) return;
  report.newest = newest->date;
  if (before && newest->date <= *before) return;
  nlohmann::json event = {{"provider", store_.provider()},
                          {"date", cambio::to_iso(newest->date)},
                          {"base", newest->base},
                          {"previous_date", nullptr}};
  if (before) event["previous_date"] = cambio::to_iso(*before);
  publish_(event);
  report.published = true;
  logger()->info("{}: newest rates now of {} (before: {})", store_.provider(),
                 cambio::to_iso(newest->date), before ? cambio::to_iso(*before) : "none");
}

ingest_report rates_ingest::synchronize() {
  return run("sync", [&] {
    const auto until = std::chrono::steady_clock::now() + settings_.budget;
    ingest_report report;
    const auto before = store_.summary().last_date;

    auto latest = fetch([&](deadline d) { return std::vector{source_.latest(d)}; }, until);
    const auto newest = latest.front().date;
    store(std::move(latest), report);

    const auto from = cambio::add_days(newest, -(settings_.min_days - 1));
    for (const auto& [first, last] : missing_ranges(from, newest, store_.dates(from, newest))) {
      logger()->info("{}: fetching the missing {} .. {}", source_.name(), cambio::to_iso(first),
                     cambio::to_iso(last));
      for (const auto& [a, b] : chunks(first, last, settings_.chunk_days)) {
        store(fetch([&](deadline d) { return source_.range(a, b, d); }, until), report);
      }
    }
    if (settings_.keep_days > 0) {
      const auto deleted =
          store_.prune(cambio::add_days(newest, -settings_.keep_days), settings_.min_days);
      if (deleted > 0)
        logger()->info("pruned {} set(s) older than {} days", deleted, settings_.keep_days);
    }
    publish_if_newer(before, report);
    logger()->info("{}: synchronized: {} fetched, {} new, newest {}", source_.name(),
                   report.fetched, report.stored.size(),
                   report.newest ? cambio::to_iso(*report.newest) : "none");
    return report;
  });
}

ingest_report rates_ingest::fetch_range(cambio::date from, cambio::date to,
                                        const std::function<void(int, int)>& progress) {
  if (to < from) throw rmqrpc::error(rmqrpc::errc::invalid_argument, "to is before from");
  return run("range", [&] {
    const auto until = std::chrono::steady_clock::now() + settings_.budget;
    ingest_report report;
    const auto before = store_.summary().last_date;
    const auto parts = chunks(from, to, settings_.chunk_days);
    int done = 0;
    for (const auto& [a, b] : parts) {
      store(fetch([&](deadline d) { return source_.range(a, b, d); }, until), report);
      if (progress) progress(++done, static_cast<int>(parts.size()));
    }
    publish_if_newer(before, report);
    return report;
  });
}

std::optional<run_record> rates_ingest::last_run() const {
  std::lock_guard lock(status_mutex_);
  return last_run_;
}

cambio::health_check rates_ingest::health() const {
  const auto last = last_run();
  if (!last) return {true, std::string(source_.name()) + ": no run yet"};
  if (last->ok) return {true, std::string(source_.name()) + ": last run ok"};
  return {false, std::string(source_.name()) + ": last run failed: " + last->error};
}

}  // namespace cambio::rates
