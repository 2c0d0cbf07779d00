#include "alerts/sweeper.hpp"

#include <exception>

#include "cambio/log.hpp"

namespace cambio::alerts {

sweeper::sweeper(std::chrono::milliseconds period, std::chrono::milliseconds retry, job run)
    : period_(period), retry_(retry), run_(std::move(run)) {}

sweeper::~sweeper() { stop(); }

void sweeper::start() {
  thread_ = std::jthread([this](const std::stop_token& stop) { loop(stop); });
}

void sweeper::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void sweeper::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void sweeper::loop(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    bool ok = false;
    try {
      ok = run_(stop);
    } catch (const std::exception& e) {
      cambio::log::get("alerts")->error("sweep failed: {}", e.what());
    }
    const auto wait = ok ? period_ : std::min(period_, retry_);
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, wait, [this] { return woken_; });
    woken_ = false;
  }
}

}  // namespace cambio::alerts
