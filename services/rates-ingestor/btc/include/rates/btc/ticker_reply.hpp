#pragma once
// What an HTTP reply of /api/v3/ticker/price means for the poller: a price, or a failure kind that
// decides how long to wait before asking again (Binance bans IPs that ignore its rate limits:
// HTTP 429 says "slow down, wait Retry-After seconds", 418 says "banned for Retry-After seconds").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cambio::rates::btc {

enum class rest_failure {
  network,       // no reply: resolve, connect, TLS or timeout
  rate_limited,  // HTTP 429
  banned,        // HTTP 418: the IP is banned for a while after ignoring 429s
  server,        // HTTP 5xx: Binance's side; the request may even have been executed
  api,           // another 4xx, with Binance's {"code","msg"} when it sent one
  malformed,     // HTTP 200 without the documented ticker
};

// The label value in btc_feed_errors_total{kind}: "network", "rate_limited", ...
std::string_view to_string(rest_failure failure);

struct ticker_reply {
  std::optional<double> price;  // set on success; the fields below only on failure
  rest_failure failure = rest_failure::network;
  std::string message;                              // for the log: status and Binance's msg
  std::optional<std::chrono::seconds> retry_after;  // from the Retry-After header
};

// `retry_after` is the Retry-After header's value ("" when absent).
ticker_reply classify_ticker_reply(int status, std::string_view retry_after, std::string_view body,
                                   std::string_view symbol);

// Retry-After as delta-seconds ("120"); nullopt for anything else (Binance sends seconds).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

}  // namespace cambio::rates::btc
