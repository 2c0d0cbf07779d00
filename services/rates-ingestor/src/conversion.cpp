#include "rates/conversion.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "cambio/currency.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {
namespace {

constexpr double k_max_amount = 1e15;

[[noreturn]] void invalid(const std::string& message) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message);
}

}  // namespace

void require_active_currency(std::string_view field, std::string_view code) {
  if (const auto problem = cambio::currency::problem(code)) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, std::string(field) + ": " + *problem,
                        {{"field", field}, {"currency", code}});
  }
}

double rate_of(const rate_set& set, std::string_view code) {
  if (code == set.base) return 1.0;
  const auto it = set.rates.find(std::string(code));
  if (it == set.rates.end()) {
    throw rmqrpc::error(rmqrpc::errc::not_found,
                        "no rate for " + std::string(code) + " on " + cambio::to_iso(set.date) +
                            ": " + set.provider + " does not publish it",
                        {{"currency", code}, {"date", cambio::to_iso(set.date)}});
  }
  return it->second;
}

double cross_rate(const rate_set& set, std::string_view from, std::string_view to) {
  return rate_of(set, to) / rate_of(set, from);
}

double parse_amount(const nlohmann::json& amount) {
  double value = 0;
  if (amount.is_number()) {
    value = amount.get<double>();
  } else if (amount.is_string()) {
    const auto& text = amount.get_ref<const std::string&>();
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (text.empty() || ec != std::errc{} || ptr != end) {
      invalid("amount: '" + text + "' is not a decimal number");
    }
  } else {
    invalid("amount: a decimal string or a number");
  }
  if (!std::isfinite(value) || value < 0) invalid("amount: must be zero or more");
  if (value > k_max_amount) invalid("amount: at most 1e15");
  return value;
}

std::string format_amount(double value, int minor_units) {
  const double scale = std::pow(10.0, minor_units);
  const double rounded = std::round(value * scale) / scale;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", minor_units, rounded);
  return buffer;
}

int minor_units_of(std::string_view code) {
  const auto* info = cambio::currency::find(code);
  return info != nullptr ? info->minor_units : 2;
}

}  // namespace cambio::rates
