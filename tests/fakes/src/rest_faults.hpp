#pragma once
// The ticker's planned misbehaviour (private): which canned Binance failure the next replies are.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cambio/fakes/fake_exchange.hpp"

namespace cambio::fakes {

struct canned_reply {
  unsigned status = 200;
  std::string body;
  std::chrono::seconds retry_after{0};  // 0: no Retry-After header
};

class rest_faults {
 public:
  // `times` < 0: every reply until the next set().
  void set(rest_fault fault, int times, std::chrono::seconds retry_after);
  // The failure to answer the next ticker request with, if one is planned; counts it.
  std::optional<canned_reply> next();

 private:
  rest_fault fault_ = rest_fault::none;
  int remaining_ = 0;
  std::chrono::seconds retry_after_{0};
};

// "rate_limited", "banned", "server_error", "malformed", "invalid_symbol", "none".
std::optional<rest_fault> parse_rest_fault(std::string_view name);

// Binance's answer to a ticker request for a symbol it does not list: 400, -1121.
canned_reply invalid_symbol_reply();

}  // namespace cambio::fakes
