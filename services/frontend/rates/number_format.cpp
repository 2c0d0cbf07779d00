#include "rates/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace cambio::frontend {

std::string format_rate(double value, int significant) {
  if (!std::isfinite(value)) return "–";
  if (value == 0) return "0";
  const int integer_digits = static_cast<int>(std::floor(std::log10(std::fabs(value)))) + 1;
  const int decimals = std::clamp(significant - integer_digits, 0, 12);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string out = text;
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') out.pop_back();
  }
  return out;
}

}  // namespace cambio::frontend
