#pragma once
// The BTC price feed: polls Binance's REST ticker and follows its trade stream, each on the feed's
// own I/O thread, reconnecting and backing off by itself, and keeps the newest price of either.
//
//   btc::btc_feed feed(btc::read_feed_settings(config), service.metrics(),
//                      [&](const btc::price_tick& t) { if (throttle.admit(t)) publish(t); });
//   feed.start();
//   ... feed.latest(), feed.health() ...
//   feed.stop();
//
// Metrics: btc_ticks_total{source}, btc_feed_errors_total{source,kind}, btc_ws_reconnects_total,
// btc_ws_connected, btc_price_usd, btc_price_age_seconds.

#include <functional>
#include <memory>
#include <optional>

#include "cambio/health_report.hpp"
#include "cambio/metrics.hpp"
#include "rates/btc/feed_health.hpp"
#include "rates/btc/feed_settings.hpp"
#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

class btc_feed {
 public:
  // Called on the feed's thread with each tick newer (by exchange time) than the one held, from
  // either source. It should be quick and must not call stop(); an exception it throws is logged
  // and otherwise ignored.
  using tick_handler = std::function<void(const price_tick&)>;

  // Throws std::invalid_argument if a URL of an enabled source does not parse.
  btc_feed(feed_settings settings, cambio::metrics::registry& metrics, tick_handler on_tick);
  ~btc_feed();  // stop()
  btc_feed(const btc_feed&) = delete;
  btc_feed& operator=(const btc_feed&) = delete;

  // Starts the enabled sources on the feed's thread. Once only: a stopped feed is not restarted.
  void start();
  // Closes connections, cancels timers (a backoff wait too) and joins the thread; idempotent.
  // Prompt, but for a DNS lookup in progress: the system resolver cannot be interrupted.
  void stop();

  // The newest tick from either source, fresh or not. Thread-safe, like the functions below.
  std::optional<price_tick> latest() const;
  feed_status status() const;
  // ok while a fresh price is held (see feed_health.hpp).
  cambio::health_check health() const;

 private:
  class impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cambio::rates::btc
