#pragma once
// Building the providers' request URLs.

#include <string>
#include <string_view>

namespace cambio::rates::detail {

// A configured base URL without its trailing slashes, so paths can be appended as "/latest".
std::string without_trailing_slash(std::string_view base_url);

// `value` percent-encoded for a query string (keys are opaque strings chosen by the provider).
std::string query_escape(std::string_view value);

}  // namespace cambio::rates::detail
