#include "rates/btc/feed_settings.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

#include "cambio/config.hpp"
#include "rates/btc/url.hpp"

namespace cambio::rates::btc {
namespace {

// CAMBIO_BTC_FEED: "off", or a comma-separated list of "rest" and "ws".
void read_mode(const cambio::config& config, feed_settings& s) {
  const auto mode = config.get("CAMBIO_BTC_FEED", "rest,ws");
  s.rest_enabled = false;
  s.ws_enabled = false;
  if (mode == "off") return;
  std::string_view rest = mode;
  while (true) {
    const auto comma = rest.find(',');
    const auto word = rest.substr(0, comma);
    if (word == "rest") {
      s.rest_enabled = true;
    } else if (word == "ws") {
      s.ws_enabled = true;
    } else {
      throw config_error("CAMBIO_BTC_FEED='" + mode + "' is not one of rest,ws | rest | ws | off");
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
}

std::string read_url(const cambio::config& config, std::string_view key,
                     const std::string& fallback) {
  auto text = config.get(key, fallback);
  try {
    parse_url(text);
  } catch (const std::invalid_argument& e) {
    throw config_error(std::string(key) + ": " + e.what());
  }
  return text;
}

std::chrono::milliseconds positive_ms(const cambio::config& config, std::string_view key,
                                      std::chrono::milliseconds fallback) {
  const auto value = config.get_ms(key, fallback);
  if (value <= std::chrono::milliseconds::zero()) {
    throw config_error(std::string(key) + " must be a positive number of milliseconds");
  }
  return value;
}

}  // namespace

feed_settings read_feed_settings(const cambio::config& config) {
  feed_settings s;
  read_mode(config, s);
  s.rest_url = read_url(config, "CAMBIO_BTC_REST_URL", s.rest_url);
  s.ws_url = read_url(config, "CAMBIO_BTC_WS_URL", s.ws_url);
  s.poll_interval = positive_ms(config, "CAMBIO_BTC_POLL_MS", s.poll_interval);
  s.stall_timeout = positive_ms(config, "CAMBIO_BTC_STALL_MS", s.stall_timeout);
  s.max_age = positive_ms(config, "CAMBIO_BTC_MAX_AGE_MS", s.max_age);
  s.publish.min_interval = config.get_ms("CAMBIO_BTC_PUBLISH_MS", s.publish.min_interval);
  // Basis points keep the setting an integer: 50 bp = 0.5 %.
  s.publish.move_fraction =
      static_cast<double>(config.get_int("CAMBIO_BTC_PUBLISH_MOVE_BP", 50, 0, 10000)) / 10000.0;
  return s;
}

}  // namespace cambio::rates::btc
