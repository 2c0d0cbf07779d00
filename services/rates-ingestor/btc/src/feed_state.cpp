#include "feed_state.hpp"

#include <exception>
#include <string>

#include "cambio/log.hpp"

namespace cambio::rates::btc {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("rates.btc");
  return log;
}

}  // namespace

feed_state::feed_state(cambio::metrics::registry& metrics,
                       std::function<void(const price_tick&)> on_tick)
    : metrics_(metrics),
      on_tick_(std::move(on_tick)),
      rest_ticks_(metrics.counter("btc_ticks_total", "BTC prices received, per source",
                                  {{"source", std::string(k_rest)}})),
      ws_ticks_(metrics.counter("btc_ticks_total", "BTC prices received, per source",
                                {{"source", std::string(k_ws)}})),
      reconnects_(metrics.counter("btc_ws_reconnects_total",
                                  "Connections to the BTC trade stream after the first")),
      ws_connected_(metrics.gauge("btc_ws_connected", "1 while the BTC trade stream is open")),
      price_(metrics.gauge("btc_price_usd", "The newest BTC price held, in USD")),
      age_(metrics.gauge("btc_price_age_seconds",
                         "Age of the newest BTC price held (exchange time), -1 before the first")) {
  age_.set(-1);
}

void feed_state::offer(const price_tick& tick) {
  (tick.source == k_ws ? ws_ticks_ : rest_ticks_).inc();
  {
    std::lock_guard lock(mutex_);
    // Two sources, each with its own delays: a tick older than the one held is news to nobody.
    if (status_.latest && tick.at < status_.latest->at) return;
    status_.latest = tick;
  }
  price_.set(tick.usd_price);
  refresh_age(std::chrono::system_clock::now());
  if (!on_tick_) return;
  try {
    on_tick_(tick);
  } catch (const std::exception& e) {
    logger()->error("BTC tick handler failed: {}; the feed goes on", e.what());
  }
}

void feed_state::count_error(std::string_view source, std::string_view kind) {
  metrics_
      .counter("btc_feed_errors_total", "BTC feed failures, per source and kind",
               {{"source", std::string(source)}, {"kind", std::string(kind)}})
      .inc();
}

void feed_state::set_link(std::string_view source, link_state state,
                          std::optional<std::string> error) {
  if (source == k_ws) ws_connected_.set(state == link_state::connected ? 1 : 0);
  std::lock_guard lock(mutex_);
  auto& link = source == k_ws ? status_.ws : status_.rest;
  link.state = state;
  if (error) link.last_error = std::move(*error);
}

void feed_state::refresh_age(std::chrono::system_clock::time_point now) {
  const auto held = latest();
  if (!held) return;
  age_.set(std::chrono::duration<double>(now - held->at).count());
}

std::optional<price_tick> feed_state::latest() const {
  std::lock_guard lock(mutex_);
  return status_.latest;
}

feed_status feed_state::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

}  // namespace cambio::rates::btc
