#include "rates/http_status.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include <curl/curl.h>

namespace cambio::rates {
namespace {

constexpr std::size_t k_body_excerpt = 200;

// The first bytes of a body, on one line: enough to recognise an error page in a log.
std::string excerpt(std::string_view body) {
  std::string out(body.substr(0, k_body_excerpt));
  std::replace_if(
      out.begin(), out.end(), [](unsigned char c) { return c < 0x20; }, ' ');
  if (body.size() > k_body_excerpt) out += "...";
  return out;
}

}  // namespace

bool is_success(long status) { return status >= 200 && status < 300; }

provider_failure failure_for_status(long status) {
  if (status == 401 || status == 403) return provider_failure::unauthorized;
  if (status == 404) return provider_failure::not_found;
  if (status == 429) return provider_failure::rate_limited;
  if (status >= 500 && status < 600) return provider_failure::unavailable;
  return provider_failure::bad_response;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // libcurl already parses every date form HTTP allows (RFC 1123, RFC 850, asctime).
  const std::string text(value);
  const auto when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const auto wait =
      std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::from_time_t(when) - now);
  return std::max(wait, std::chrono::seconds::zero());
}

provider_error status_error(const http_response& response, std::string_view context,
                            std::optional<provider_failure> failure, std::string_view detail) {
  const auto retry_after = parse_retry_after(response.header("retry-after"));
  std::string message = std::string(context) + ": HTTP " + std::to_string(response.status);
  if (retry_after) message += " (retry after " + std::to_string(retry_after->count()) + " s)";
  const auto shown = detail.empty() ? excerpt(response.body) : std::string(detail);
  if (!shown.empty()) message += ": " + redact_secrets(shown);
  return provider_error(failure.value_or(failure_for_status(response.status)), message,
                        retry_after);
}

}  // namespace cambio::rates
