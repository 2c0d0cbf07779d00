#include "db_proxy/sql_values.hpp"

#include <charconv>
#include <stdexcept>

namespace cambio::db_proxy {

std::string pg_array(const std::vector<std::string>& elements) {
  std::string out = "{";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : elements[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string decimal_text(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc{}) throw std::invalid_argument("number out of range");
  return std::string(buffer, end);
}

double parse_decimal(std::string_view text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    throw std::invalid_argument("not a decimal: '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace cambio::db_proxy
