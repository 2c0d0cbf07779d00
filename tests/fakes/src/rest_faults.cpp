#include "rest_faults.hpp"

namespace cambio::fakes {
namespace {

// Binance's own texts, so that logs of the feed under test read like production ones.
canned_reply reply_for(rest_fault fault, std::chrono::seconds retry_after) {
  switch (fault) {
    case rest_fault::rate_limited:
      return {429,
              R"({"code":-1003,"msg":"Too many requests; current limit of IP(127.0.0.1) request )"
              R"(weight per minute is 6000. Please use WebSocket Streams for live updates to )"
              R"(avoid polling the API."})",
              retry_after};
    case rest_fault::banned:
      return {418,
              R"({"code":-1003,"msg":"Way too many requests; IP(127.0.0.1) banned until )"
              R"(1700000000000. Please use WebSocket Streams for live updates to avoid bans."})",
              retry_after};
    case rest_fault::server_error:
      return {500,
              R"({"code":-1001,"msg":"Internal error; unable to process your request. Please )"
              R"(try again."})",
              retry_after};
    case rest_fault::malformed:
      return {200, R"({"symbol":"BTCUSDT","price":)", retry_after};
    case rest_fault::invalid_symbol:
      return invalid_symbol_reply();
    case rest_fault::none:
      break;
  }
  return {};
}

}  // namespace

void rest_faults::set(rest_fault fault, int times, std::chrono::seconds retry_after) {
  fault_ = fault;
  remaining_ = times;
  retry_after_ = retry_after;
}

std::optional<canned_reply> rest_faults::next() {
  if (fault_ == rest_fault::none || remaining_ == 0) return std::nullopt;
  if (remaining_ > 0) --remaining_;
  return reply_for(fault_, retry_after_);
}

std::optional<rest_fault> parse_rest_fault(std::string_view name) {
  if (name == "none") return rest_fault::none;
  if (name == "rate_limited") return rest_fault::rate_limited;
  if (name == "banned") return rest_fault::banned;
  if (name == "server_error") return rest_fault::server_error;
  if (name == "malformed") return rest_fault::malformed;
  if (name == "invalid_symbol") return rest_fault::invalid_symbol;
  return std::nullopt;
}

canned_reply invalid_symbol_reply() {
  return {400, R"({"code":-1121,"msg":"Invalid symbol."})", std::chrono::seconds(0)};
}

}  // namespace cambio::fakes
