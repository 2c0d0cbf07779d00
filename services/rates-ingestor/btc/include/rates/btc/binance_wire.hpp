#pragma once
// Binance's wire formats for BTCUSDT, parsed strictly: a price is only ever taken from a message
// that is exactly what Binance documents, because a wrong price is worse than no price.
//
//   trade frame (btcusdt@trade): {"e":"trade","E":1672515782136,"s":"BTCUSDT","t":12345,
//                                 "p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}
//   ticker (/api/v3/ticker/price): {"symbol":"BTCUSDT","price":"43250.12000000"}
//   error body:                   {"code":-1121,"msg":"Invalid symbol."}
//
// Binance sends prices as decimal strings (to keep their precision); a JSON number is accepted too.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

// A message that does not have the documented shape; what() says what is wrong.
class wire_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The trade in a stream frame as a "ws" tick at the trade time `T`. nullopt for a well-formed
// message that is not a trade (another event type, a subscription reply). Throws wire_error for a
// malformed frame: not a JSON object, a missing or invalid field, or a trade of another symbol.
std::optional<price_tick> parse_trade_frame(std::string_view frame, std::string_view symbol);

// The price in a ticker reply. Throws wire_error if it is malformed or names another symbol.
double parse_ticker(std::string_view body, std::string_view symbol);

// Binance's error body, if `body` is one.
struct api_error {
  long long code = 0;
  std::string msg;
};
std::optional<api_error> parse_api_error(std::string_view body);

// A price as Binance writes it: a decimal string (or a number), finite and positive.
// Throws wire_error otherwise.
double parse_price_text(std::string_view text);

}  // namespace cambio::rates::btc
