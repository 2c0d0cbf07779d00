#pragma once
// HTTP statuses → provider failures, in one place for every provider. A provider that knows better
// from its own error body (a 403 that means "not on your plan") passes its own failure.

#include <chrono>
#include <optional>
#include <string_view>

#include "rates/http_fetch.hpp"
#include "rates/provider.hpp"

namespace cambio::rates {

// 2xx.
bool is_success(long status);

// 401/403 unauthorized, 404 not_found, 429 rate_limited, 5xx unavailable, anything else
// bad_response.
provider_failure failure_for_status(long status);

// A Retry-After value: delta-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT",
// counted from `now`, never negative). nullopt when empty or unreadable.
std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The error for a non-2xx response: "<context>: HTTP 429 (retry after 120 s): <detail>", carrying
// Retry-After when sent. `detail` defaults to the start of the body.
provider_error status_error(const http_response& response, std::string_view context,
                            std::optional<provider_failure> failure = std::nullopt,
                            std::string_view detail = {});

}  // namespace cambio::rates
