#include "rates/provider.hpp"

namespace cambio::rates {

std::string_view to_string(provider_failure f) {
  switch (f) {
    case provider_failure::unavailable:
      return "unavailable";
    case provider_failure::rate_limited:
      return "rate_limited";
    case provider_failure::bad_response:
      return "bad_response";
    case provider_failure::unauthorized:
      return "unauthorized";
    case provider_failure::refused:
      return "refused";
    case provider_failure::not_found:
      return "not_found";
  }
  return "unknown";
}

bool provider_error::retryable() const noexcept {
  // A bad response is retried because the usual cause is a body cut short or a proxy's error page;
  // a second malformed answer ends the retries like any other failure.
  return failure_ == provider_failure::unavailable || failure_ == provider_failure::rate_limited ||
         failure_ == provider_failure::bad_response;
}

}  // namespace cambio::rates
