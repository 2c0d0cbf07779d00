#pragma once
// What the feed reports on /healthz: healthy while it holds a fresh price, whichever source it came
// from; the detail tells an operator where the price came from, how old it is, and how each source
// is doing.
//
//   ok:  "43250.12 USD from ws, 0.8 s old; ws connected; rest connected"
//   bad: "no fresh price: newest from rest is 75.2 s old (max 60.0 s); ws backoff (connect:
//         Connection refused); rest backoff (server: HTTP 503)"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cambio/health_report.hpp"
#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

// The state of one source. For REST, "connected" means the last poll succeeded.
enum class link_state { off, connecting, connected, backoff, stopped };
std::string_view to_string(link_state state);

struct link_status {
  link_state state = link_state::off;
  std::string last_error;  // the newest failure, "" if none since the last success
};

struct feed_status {
  std::optional<price_tick> latest;
  link_status ws;
  link_status rest;
};

cambio::health_check feed_health(const feed_status& status,
                                 std::chrono::system_clock::time_point now,
                                 std::chrono::milliseconds max_age);

}  // namespace cambio::rates::btc
