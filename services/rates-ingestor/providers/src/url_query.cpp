#include "url_query.hpp"

#include <cctype>

namespace cambio::rates::detail {

std::string without_trailing_slash(std::string_view base_url) {
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  return std::string(base_url);
}

std::string query_escape(std::string_view value) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0x0f];
    }
  }
  return out;
}

}  // namespace cambio::rates::detail
