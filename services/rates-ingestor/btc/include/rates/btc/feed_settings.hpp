#pragma once
// Settings of the BTC price feed. Only the service's wiring reads the config (read_feed_settings);
// the feed itself takes this plain struct, which tests fill in with small timeouts.

#include <chrono>
#include <string>

#include "rates/btc/backoff.hpp"
#include "rates/btc/tick_throttle.hpp"

namespace cambio {
class config;
}

namespace cambio::rates::btc {

struct feed_settings {
  // CAMBIO_BTC_FEED: "rest,ws" (default), "rest", "ws" or "off".
  bool rest_enabled = true;
  bool ws_enabled = true;
  std::string rest_url = "https://api.binance.com";                       // CAMBIO_BTC_REST_URL
  std::string ws_url = "wss://stream.binance.com:9443/ws/btcusdt@trade";  // CAMBIO_BTC_WS_URL
  std::string symbol = "BTCUSDT";
  std::chrono::milliseconds poll_interval{15000};  // CAMBIO_BTC_POLL_MS
  // A stream that delivers no trade for this long is stalled and is reconnected.
  // CAMBIO_BTC_STALL_MS
  std::chrono::milliseconds stall_timeout{30000};
  // A price older than this is stale: latest() still returns it, health() is not ok.
  std::chrono::milliseconds max_age{60000};  // CAMBIO_BTC_MAX_AGE_MS
  // One REST request; the TCP connect and TLS/WebSocket handshakes of the stream.
  std::chrono::milliseconds request_timeout{10000};
  backoff_settings backoff;  // between stream reconnects and after failed polls
  // A stream connection that delivered trades for this long resets the backoff: the next outage
  // starts again from backoff.initial.
  std::chrono::milliseconds healthy_after{30000};
  // This many malformed frames in a row mean the connection is broken: it is reconnected.
  int max_malformed_in_row = 10;
  throttle_settings publish;  // CAMBIO_BTC_PUBLISH_MS, CAMBIO_BTC_PUBLISH_MOVE_BP
};

// Reads the CAMBIO_BTC_* settings; throws cambio::config_error naming a bad one (a URL that does
// not parse, an unknown feed mode).
feed_settings read_feed_settings(const cambio::config& config);

}  // namespace cambio::rates::btc
