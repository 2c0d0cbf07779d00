#pragma once
// What the feed's sources share (private): the newest tick, each source's link status, and the
// metrics. The sources write from the feed's I/O thread; latest() and status() read from any
// thread.

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "cambio/metrics.hpp"
#include "rates/btc/feed_health.hpp"
#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

inline constexpr std::string_view k_rest = "rest";
inline constexpr std::string_view k_ws = "ws";

class feed_state {
 public:
  feed_state(cambio::metrics::registry& metrics, std::function<void(const price_tick&)> on_tick);

  // Counts the tick; keeps it and passes it on when it is not older than the one held.
  void offer(const price_tick& tick);
  // Counts a failure in btc_feed_errors_total{source,kind}.
  void count_error(std::string_view source, std::string_view kind);
  void count_reconnect() { reconnects_.inc(); }

  // A source's state; `error` replaces the last error when given ("" clears it).
  void set_link(std::string_view source, link_state state,
                std::optional<std::string> error = std::nullopt);
  // Refreshes btc_price_age_seconds, which no tick updates while the price goes stale.
  void refresh_age(std::chrono::system_clock::time_point now);

  std::optional<price_tick> latest() const;
  feed_status status() const;

 private:
  cambio::metrics::registry& metrics_;
  std::function<void(const price_tick&)> on_tick_;
  cambio::metrics::counter& rest_ticks_;
  cambio::metrics::counter& ws_ticks_;
  cambio::metrics::counter& reconnects_;
  cambio::metrics::gauge& ws_connected_;
  cambio::metrics::gauge& price_;
  cambio::metrics::gauge& age_;

  mutable std::mutex mutex_;
  feed_status status_;
};

}  // namespace cambio::rates::btc
