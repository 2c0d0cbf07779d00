#pragma once
// The HTTP GET the rate providers are built on (libcurl). It only transports: any HTTP status comes
// back to the caller, which maps it (http_status.hpp); what cannot yield a response at all is a
// provider_error here.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "rates/provider.hpp"

namespace cambio::rates {

struct http_response {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case: "retry-after", "content-type"
  std::string body;

  // The header's value, "" when absent. `name` in lower case.
  std::string header(std::string_view name) const;
};

struct http_settings {
  std::string who;                                // prefix of error messages: the provider's name
  std::size_t max_body_bytes = 32 * 1024 * 1024;  // a longer body is a bad_response
  std::string user_agent = "cambio-rates-ingestor";  // providers ask for an identifiable client
};

// One connection, reused across requests (a per-day backfill makes hundreds of requests to one
// host). Not thread-safe: one per provider.
class http_fetcher {
 public:
  explicit http_fetcher(http_settings settings);
  ~http_fetcher();
  http_fetcher(http_fetcher&&) noexcept;
  http_fetcher& operator=(http_fetcher&&) noexcept;

  // GETs `url`, giving up at `until` (connecting included). Throws provider_error: unavailable when
  // there is no response (no connection, DNS, TLS, timeout, deadline already passed), bad_response
  // when the body exceeds max_body_bytes. Messages name the host and carry the URL redacted.
  http_response get(const std::string& url, deadline until);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// `text` with the values of `access_key=` and `app_id=` replaced by "***": every URL that reaches
// an error message or a log goes through it, since the keys travel in query strings.
std::string redact_secrets(std::string_view text);

// The host of an absolute URL ("https://api.frankfurter.app/latest" → "api.frankfurter.app").
std::string url_host(std::string_view url);

}  // namespace cambio::rates
