#pragma once
// Numbers as the rates pages show them.

#include <string>

namespace cambio::frontend {

// `value` to `significant` significant digits, never in exponent form, without trailing zeros
// (1.0956, 186.75, 20082, 0.0012345, 1.5 with 5).
std::string format_rate(double value, int significant = 5);

}  // namespace cambio::frontend
