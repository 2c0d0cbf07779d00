#include "rates/rate_cache.hpp"

#include "cambio/log.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {

rate_cache::rate_cache(rate_store& store, std::chrono::milliseconds max_age)
    : store_(store), max_age_(max_age) {}

void rate_cache::refresh() {
  auto fresh = store_.get();
  std::lock_guard lock(mutex_);
  latest_ = fresh ? std::make_shared<const rate_set>(std::move(*fresh)) : nullptr;
  loaded_ = std::chrono::steady_clock::now();
}

std::shared_ptr<const rate_set> rate_cache::latest() {
  {
    std::lock_guard lock(mutex_);
    if (loaded_ != std::chrono::steady_clock::time_point{} &&
        std::chrono::steady_clock::now() - loaded_ < max_age_) {
      return latest_;
    }
  }
  try {
    refresh();
  } catch (const rmqrpc::error& e) {
    std::lock_guard lock(mutex_);
    if (!latest_) throw;
    // Serving the cached set beats failing: rate sets change once a day.
    cambio::log::get("rates.cache")
        ->warn("refresh failed ({}); serving the cached set of {}", e.what(),
               cambio::to_iso(latest_->date));
    loaded_ = std::chrono::steady_clock::now();
  }
  std::lock_guard lock(mutex_);
  return latest_;
}

}  // namespace cambio::rates
