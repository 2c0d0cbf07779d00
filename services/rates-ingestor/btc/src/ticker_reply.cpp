#include "rates/btc/ticker_reply.hpp"

#include <charconv>

#include "rates/btc/binance_wire.hpp"

namespace cambio::rates::btc {
namespace {

ticker_reply failure(rest_failure kind, std::string message,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  ticker_reply reply;
  reply.failure = kind;
  reply.message = std::move(message);
  reply.retry_after = retry_after;
  return reply;
}

// "HTTP 400 (Binance -1121: Invalid symbol.)", or "HTTP 503" when the body is not Binance's.
std::string describe(int status, std::string_view body) {
  auto text = "HTTP " + std::to_string(status);
  if (const auto error = parse_api_error(body)) {
    text += " (Binance " + std::to_string(error->code) + ": " + error->msg + ")";
  }
  return text;
}

}  // namespace

std::string_view to_string(rest_failure failure) {
  switch (failure) {
    case rest_failure::network:
      return "network";
    case rest_failure::rate_limited:
      return "rate_limited";
    case rest_failure::banned:
      return "banned";
    case rest_failure::server:
      return "server";
    case rest_failure::api:
      return "api";
    case rest_failure::malformed:
      return "malformed";
  }
  return "unknown";
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  long long seconds = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, seconds);
  if (value.empty() || ec != std::errc() || ptr != end || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

ticker_reply classify_ticker_reply(int status, std::string_view retry_after, std::string_view body,
                                   std::string_view symbol) {
  const auto wait = parse_retry_after(retry_after);
  if (status == 429) return failure(rest_failure::rate_limited, describe(status, body), wait);
  if (status == 418) return failure(rest_failure::banned, describe(status, body), wait);
  if (status >= 500) return failure(rest_failure::server, describe(status, body), wait);
  if (status != 200) return failure(rest_failure::api, describe(status, body), wait);
  try {
    ticker_reply reply;
    reply.price = parse_ticker(body, symbol);
    return reply;
  } catch (const wire_error& e) {
    // A Binance error body with status 200 is malformed too, but say what it was.
    if (parse_api_error(body)) return failure(rest_failure::api, describe(status, body));
    return failure(rest_failure::malformed, std::string("HTTP 200 with a bad ticker: ") + e.what());
  }
}

}  // namespace cambio::rates::btc
