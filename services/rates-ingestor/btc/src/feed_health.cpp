#include "rates/btc/feed_health.hpp"

#include <cstdio>

namespace cambio::rates::btc {
namespace {

std::string seconds_text(std::chrono::system_clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s",
                std::chrono::duration_cast<std::chrono::duration<double>>(d).count());
  return text;
}

std::string price_text(double price) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", price);
  return text;
}

// "ws connected", "rest backoff (server: HTTP 503)"
std::string describe(std::string_view name, const link_status& link) {
  auto text = std::string(name) + " " + std::string(to_string(link.state));
  if (!link.last_error.empty()) text += " (" + link.last_error + ")";
  return text;
}

}  // namespace

std::string_view to_string(link_state state) {
  switch (state) {
    case link_state::off:
      return "off";
    case link_state::connecting:
      return "connecting";
    case link_state::connected:
      return "connected";
    case link_state::backoff:
      return "backoff";
    case link_state::stopped:
      return "stopped";
  }
  return "unknown";
}

cambio::health_check feed_health(const feed_status& status,
                                 std::chrono::system_clock::time_point now,
                                 std::chrono::milliseconds max_age) {
  if (status.ws.state == link_state::off && status.rest.state == link_state::off) {
    return {true, "BTC feed off"};
  }
  const auto links = describe("ws", status.ws) + "; " + describe("rest", status.rest);
  if (!status.latest) return {false, "no price yet; " + links};
  const auto& tick = *status.latest;
  const auto age = seconds_text(now - tick.at);
  if (!is_fresh(tick, now, max_age)) {
    return {false, "no fresh price: newest from " + tick.source + " is " + age + " old (max " +
                       seconds_text(max_age) + "); " + links};
  }
  return {true,
          price_text(tick.usd_price) + " USD from " + tick.source + ", " + age + " old; " + links};
}

}  // namespace cambio::rates::btc
