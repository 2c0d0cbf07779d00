#include "fake_frankfurter.hpp"

namespace cambio::rates::testing {
namespace {

fake_reply message(int status, const std::string& text) {
  return json_reply({{"message", text}}, status);
}

fake_reply one_day(const published& days, cambio::date day) {
  const auto found = on_or_before(days, day);
  if (!found) return message(404, "not found");
  return json_reply(frankfurter_day_body(found->first, found->second));
}

fake_reply many_days(const published& days, cambio::date from, cambio::date to) {
  auto rates = nlohmann::json::object();
  for (auto it = days.lower_bound(from); it != days.end() && it->first <= to; ++it) {
    rates[to_iso(it->first)] = rates_json(it->second);
  }
  if (rates.empty()) return message(404, "not found");
  return json_reply({{"amount", 1.0},
                     {"base", "EUR"},
                     {"start_date", rates.begin().key()},
                     {"end_date", (--rates.end()).key()},
                     {"rates", rates}});
}

}  // namespace

nlohmann::json frankfurter_day_body(cambio::date day, const day_rates& rates,
                                    const std::string& base) {
  return {{"amount", 1.0}, {"base", base}, {"date", to_iso(day)}, {"rates", rates_json(rates)}};
}

fake_provider_server::router frankfurter_routes(published days) {
  return [days = std::move(days)](const fake_request& r) -> fake_reply {
    const std::string_view path = std::string_view(r.path).substr(1);
    if (path == "latest") {
      if (days.empty()) return message(404, "not found");
      return json_reply(frankfurter_day_body(days.rbegin()->first, days.rbegin()->second));
    }
    if (const auto dots = path.find(".."); dots != std::string_view::npos) {
      const auto from = parse_iso_date(path.substr(0, dots));
      const auto to = parse_iso_date(path.substr(dots + 2));
      if (!from || !to) return message(422, "invalid date");
      return many_days(days, *from, *to);
    }
    if (const auto day = parse_iso_date(path)) return one_day(days, *day);
    if (!path.empty() && std::isdigit(static_cast<unsigned char>(path[0]))) {
      return message(422, "invalid date");
    }
    return message(404, "not found");
  };
}

}  // namespace cambio::rates::testing
