#include "rates/tick_publisher.hpp"

#include "cambio/log.hpp"

namespace cambio::rates {

tick_publisher::tick_publisher(sink deliver)
    : deliver_(std::move(deliver)), thread_([this](std::stop_token stop) { loop(stop); }) {}

tick_publisher::~tick_publisher() { stop(); }

void tick_publisher::offer(const btc::price_tick& tick) {
  {
    std::lock_guard lock(mutex_);
    pending_ = tick;
  }
  ready_.notify_one();
}

void tick_publisher::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  ready_.notify_all();
  thread_.join();
}

void tick_publisher::loop(const std::stop_token& stop) {
  while (true) {
    btc::price_tick tick;
    {
      std::unique_lock lock(mutex_);
      if (!ready_.wait(lock, stop, [&] { return pending_.has_value(); })) return;
      tick = *pending_;
      pending_.reset();
    }
    try {
      deliver_(tick);
    } catch (const std::exception& e) {
      cambio::log::get("rates.btc")->warn("BTC tick not published: {}", e.what());
    }
  }
}

}  // namespace cambio::rates
