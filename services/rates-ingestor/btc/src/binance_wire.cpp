#include "rates/btc/binance_wire.hpp"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

namespace cambio::rates::btc {
namespace {

using nlohmann::json;

json parse_object(std::string_view text, std::string_view what) {
  auto doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) throw wire_error(std::string(what) + " is not a JSON object");
  return doc;
}

const json& field(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end()) throw wire_error(std::string("no \"") + name + "\"");
  return *it;
}

double price_of(const json& value) {
  if (value.is_string()) return parse_price_text(value.get_ref<const std::string&>());
  if (value.is_number()) {
    const auto price = value.get<double>();
    if (std::isfinite(price) && price > 0) return price;
  }
  throw wire_error("price " + value.dump() + " is not a positive decimal");
}

void check_symbol(const json& value, std::string_view symbol) {
  if (!value.is_string() || value.get_ref<const std::string&>() != symbol) {
    throw wire_error("symbol " + value.dump() + " is not " + std::string(symbol));
  }
}

}  // namespace

double parse_price_text(std::string_view text) {
  double price = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, price, std::chars_format::fixed);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(price) || price <= 0) {
    throw wire_error("price \"" + std::string(text) + "\" is not a positive decimal");
  }
  return price;
}

std::optional<price_tick> parse_trade_frame(std::string_view frame, std::string_view symbol) {
  const auto doc = parse_object(frame, "frame");
  const auto event = doc.find("e");
  if (event == doc.end()) {
    // The reply to a request on the stream ({"result":null,"id":1}) is the one object without "e".
    if (doc.contains("id") && doc.contains("result")) return std::nullopt;
    throw wire_error("frame has no event type \"e\"");
  }
  if (!event->is_string()) throw wire_error("event type \"e\" is not a string");
  if (event->get_ref<const std::string&>() != "trade") return std::nullopt;

  check_symbol(field(doc, "s"), symbol);
  const auto price = price_of(field(doc, "p"));
  const auto& time = field(doc, "T");
  if (!time.is_number_integer() || time.get<long long>() <= 0) {
    throw wire_error("trade time \"T\" " + time.dump() + " is not a positive integer");
  }
  const auto at = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::milliseconds(time.get<long long>())));
  return price_tick{price, at, "ws"};
}

double parse_ticker(std::string_view body, std::string_view symbol) {
  const auto doc = parse_object(body, "ticker");
  check_symbol(field(doc, "symbol"), symbol);
  return price_of(field(doc, "price"));
}

std::optional<api_error> parse_api_error(std::string_view body) {
  const auto doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  const auto code = doc.find("code");
  const auto msg = doc.find("msg");
  if (code == doc.end() || !code->is_number_integer() || msg == doc.end() || !msg->is_string()) {
    return std::nullopt;
  }
  return api_error{code->get<long long>(), msg->get<std::string>()};
}

}  // namespace cambio::rates::btc
