#pragma once
// Runs the ingest job once at start (the catch-up after downtime) and then at every run of the
// schedule, on a thread of its own. A failed run is tried again after a growing delay (1 s
// doubling up to `retry_max`) until it succeeds or the next scheduled run comes.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "rates/ingest_schedule.hpp"

namespace cambio::rates {

class ingest_scheduler {
 public:
  using job = std::function<void()>;  // throws on failure

  ingest_scheduler(ingest_schedule schedule, job run, std::chrono::milliseconds retry_max);
  ~ingest_scheduler();  // stop()
  ingest_scheduler(const ingest_scheduler&) = delete;
  ingest_scheduler& operator=(const ingest_scheduler&) = delete;

  void start();
  // Interrupts a wait (a run in progress finishes first) and joins.
  void stop();

  // When the job runs next (a retry or the schedule), once known.
  std::optional<std::chrono::system_clock::time_point> next_run() const;
  const ingest_schedule& schedule() const { return schedule_; }

 private:
  void loop(const std::stop_token& stop);
  bool wait_until(const std::stop_token& stop, std::chrono::system_clock::time_point t);

  ingest_schedule schedule_;
  job run_;
  std::chrono::milliseconds retry_max_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::optional<std::chrono::system_clock::time_point> next_run_;
  std::jthread thread_;
};

}  // namespace cambio::rates
