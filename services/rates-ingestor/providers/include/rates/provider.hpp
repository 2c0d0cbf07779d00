#pragma once
// A source of daily reference rates. Each implementation speaks one provider's wire format
// (providers/*.hpp) and is chosen by CAMBIO_RATES_PROVIDER (provider_factory.hpp).
//
// Providers return what they publish, filtered of nothing; the ingest decides what is stored
// (catalog currencies, weekdays). They never invent data: a failure is a provider_error.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "rates/rate_set.hpp"

namespace cambio::rates {

using deadline = std::chrono::steady_clock::time_point;

enum class provider_failure {
  unavailable,   // connection refused, timeout, HTTP 5xx: try again later
  rate_limited,  // HTTP 429 or the provider's quota error: try again after retry_after
  bad_response,  // malformed JSON/CSV, missing fields, a rate that is not a positive number
  unauthorized,  // a missing/invalid key (HTTP 401/403 or the provider's own error code)
  refused,       // a valid request the provider will not serve (e.g. plan restrictions)
  not_found,     // the provider holds no rates for the date asked
};

std::string_view to_string(provider_failure f);

class provider_error : public std::runtime_error {
 public:
  provider_error(provider_failure failure, const std::string& message,
                 std::optional<std::chrono::seconds> retry_after = std::nullopt)
      : std::runtime_error(message), failure_(failure), retry_after_(retry_after) {}

  provider_failure failure() const noexcept { return failure_; }
  // The provider's Retry-After, when it sent one.
  std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }
  // Worth retrying: unavailable, rate_limited, bad_response (a truncated body).
  bool retryable() const noexcept;

 private:
  provider_failure failure_;
  std::optional<std::chrono::seconds> retry_after_;
};

class provider {
 public:
  virtual ~provider() = default;

  // The name stored with its rate sets: "frankfurter", "fixer", "openexchangerates",
  // "exchangerate.host", "ecb-csv".
  virtual std::string_view name() const = 0;

  // The newest rate set the provider publishes.
  virtual rate_set latest(deadline until) = 0;

  // Every set the provider publishes with a rate date in [from, to], oldest first (one request for
  // providers with a range endpoint, one per weekday for the others). Days the provider has no
  // rates for (holidays) are simply absent; a date asked for that resolves to an earlier rate date
  // is returned with that earlier date — once, and only when that date lies in [from, to] (so every
  // provider answers a range alike, whether it has a range endpoint or asks day by day).
  virtual std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) = 0;
};

}  // namespace cambio::rates
