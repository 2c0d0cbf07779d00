#include "rates/ingest_scheduler.hpp"

#include <algorithm>

#include "cambio/log.hpp"

namespace cambio::rates {

ingest_scheduler::ingest_scheduler(ingest_schedule schedule, job run,
                                   std::chrono::milliseconds retry_max)
    : schedule_(std::move(schedule)), run_(std::move(run)), retry_max_(retry_max) {}

ingest_scheduler::~ingest_scheduler() { stop(); }

void ingest_scheduler::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void ingest_scheduler::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

std::optional<std::chrono::system_clock::time_point> ingest_scheduler::next_run() const {
  std::lock_guard lock(mutex_);
  return next_run_;
}

bool ingest_scheduler::wait_until(const std::stop_token& stop,
                                  std::chrono::system_clock::time_point t) {
  std::unique_lock lock(mutex_);
  next_run_ = t;
  wake_.wait_until(lock, stop, t, [] { return false; });
  return !stop.stop_requested();
}

void ingest_scheduler::loop(const std::stop_token& stop) {
  const auto logger = cambio::log::get("rates.schedule");
  logger->info("ingest schedule: {} (weekdays only); catching up now", schedule_.describe());
  std::chrono::milliseconds retry{1000};
  while (!stop.stop_requested()) {
    bool ok = false;
    try {
      run_();
      ok = true;
      retry = std::chrono::milliseconds(1000);
    } catch (const std::exception& e) {
      logger->warn("ingest run failed: {}", e.what());
    }
    const auto now = std::chrono::system_clock::now();
    auto next = schedule_.next_after(std::chrono::floor<std::chrono::seconds>(now));
    if (!ok) {
      next = std::min(next, std::chrono::ceil<std::chrono::seconds>(now + retry));
      retry = std::min(retry * 2, retry_max_);
    }
    if (!wait_until(stop, next)) return;
  }
}

}  // namespace cambio::rates
