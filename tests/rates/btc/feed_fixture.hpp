#pragma once
// Shared by the BTC feed's integration tests: a fake Binance and feed settings pointed at it, with
// timeouts a few times the fake's trade interval so that every failure shows within a second.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "cambio/fakes/fake_exchange.hpp"
#include "cambio/metrics.hpp"
#include "rates/btc/btc_feed.hpp"
#include "rates/btc/feed_settings.hpp"

namespace btc_test {

using namespace std::chrono_literals;
using cambio::fakes::fake_exchange;
using cambio::rates::btc::btc_feed;
using cambio::rates::btc::feed_settings;
using cambio::rates::btc::link_state;
using cambio::rates::btc::price_tick;

// A trade every 50 ms, a ping every 100 ms.
inline cambio::fakes::fake_exchange_options fast_exchange(std::uint16_t port = 0) {
  cambio::fakes::fake_exchange_options options;
  options.port = port;
  options.interval = 50ms;
  options.ping_interval = 100ms;
  return options;
}

// Without URLs: fill in ws_url and rest_url.
inline feed_settings fast_feed(bool ws, bool rest) {
  feed_settings s;
  s.ws_enabled = ws;
  s.rest_enabled = rest;
  s.poll_interval = 100ms;
  s.stall_timeout = 400ms;
  s.max_age = 500ms;
  s.request_timeout = 1000ms;
  s.backoff = {50ms, 200ms};
  s.healthy_after = 1s;
  s.max_malformed_in_row = 5;
  return s;
}

inline feed_settings fast_feed(const fake_exchange& fake, bool ws = true, bool rest = true) {
  auto s = fast_feed(ws, rest);
  s.ws_url = fake.ws_url();
  s.rest_url = fake.rest_url();
  return s;
}

inline double counter(cambio::metrics::registry& metrics, const std::string& name,
                      const cambio::metrics::labels& labels = {}) {
  return metrics.counter(name, "", labels).value();
}

inline double errors(cambio::metrics::registry& metrics, const std::string& source,
                     const std::string& kind) {
  return counter(metrics, "btc_feed_errors_total", {{"source", source}, {"kind", kind}});
}

// Records the ticks the feed hands on. Declare it before the feed: the feed calls it until stopped.
class tick_log {
 public:
  btc_feed::tick_handler handler() {
    return [this](const price_tick& tick) {
      std::lock_guard lock(mutex_);
      ticks_.push_back(tick);
    };
  }
  std::vector<price_tick> ticks() const {
    std::lock_guard lock(mutex_);
    return ticks_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<price_tick> ticks_;
};

// Whether the feed holds a tick from `source` newer than `after` (exchange time).
inline bool has_tick_after(const btc_feed& feed, std::chrono::system_clock::time_point after,
                           const std::string& source = "ws") {
  const auto latest = feed.latest();
  return latest && latest->source == source && latest->at > after;
}

}  // namespace btc_test
