#pragma once
// Figures of a benchmark run: medians over rounds (what every bench reports, since single runs on
// shared machines scatter) and fixed-point text for the `BENCH <name> key=value` line.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace cambio::bench {

// The median of `values` (0 for none).
inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// `value` with `decimals` digits after the point.
inline std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace cambio::bench
