#pragma once
// Runs a job on a thread of its own: once at start (the catch-up after downtime), then every
// `period`; after a failed run, again after `retry` when that is sooner.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace cambio::alerts {

class sweeper {
 public:
  // Returns whether the run worked; must not throw (a throw counts as a failure and is logged).
  using job = std::function<bool(const std::stop_token&)>;

  sweeper(std::chrono::milliseconds period, std::chrono::milliseconds retry, job run);
  ~sweeper();  // stop()
  sweeper(const sweeper&) = delete;
  sweeper& operator=(const sweeper&) = delete;

  void start();
  // Asks a run in progress to stop (the job sees its stop token), interrupts a wait and joins.
  void stop();
  // Runs the job now (or right after the run in progress).
  void wake();

 private:
  void loop(const std::stop_token& stop);

  std::chrono::milliseconds period_;
  std::chrono::milliseconds retry_;
  job run_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::jthread thread_;
};

}  // namespace cambio::alerts
