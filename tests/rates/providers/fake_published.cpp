#include "fake_published.hpp"

#include <chrono>

namespace cambio::rates::testing {

std::optional<std::pair<cambio::date, day_rates>> on_or_before(const published& days,
                                                               cambio::date day) {
  auto it = days.upper_bound(day);
  if (it == days.begin()) return std::nullopt;
  --it;
  return *it;
}

nlohmann::json rates_json(const day_rates& rates, const std::string& key_prefix) {
  auto out = nlohmann::json::object();
  for (const auto& [currency, rate] : rates) out[key_prefix + currency] = rate;
  return out;
}

std::int64_t afternoon_timestamp(cambio::date day) {
  const auto t = std::chrono::sys_days{day} + std::chrono::hours(16);
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

fake_reply json_reply(const nlohmann::json& body, int status) {
  return {.status = status, .body = body.dump()};
}

fake_reply apilayer_error(int code, const std::string& type, const std::string& info) {
  return json_reply(
      {{"success", false},
       {"error", {{"code", code}, {"type", type}, {"info", info.empty() ? type : info}}}});
}

published sample_days(const std::string& base) {
  using namespace std::chrono;
  const bool eur = base == "EUR";
  published days;
  int n = 0;
  for (const auto day : {2023y / December / 29, 2024y / January / 2, 2024y / January / 3,
                         2024y / January / 4, 2024y / January / 5, 2024y / January / 8}) {
    const double step = 0.001 * n++;
    days[day] = eur ? day_rates{{"USD", 1.0956 + step}, {"JPY", 155.73 + step}, {"GBP", 0.8634}}
                    : day_rates{{"EUR", 0.9127 + step}, {"JPY", 142.14 + step}, {"GBP", 0.7881}};
  }
  return days;
}

}  // namespace cambio::rates::testing
