#include "fake_exchangerate_host.hpp"

namespace cambio::rates::testing {
namespace {

constexpr int k_max_timeframe_days = 365;

fake_reply historical(const published& days, const fake_request& r) {
  const auto day = parse_iso_date(r.param("date"));
  if (!day) return apilayer_error(302, "invalid_date");
  const auto found = on_or_before(days, *day);
  if (!found) return apilayer_error(106, "no_rates_available");
  auto body = exchangerate_host_live_body(found->first, found->second);
  body["historical"] = true;
  body["date"] = to_iso(found->first);
  return json_reply(body);
}

fake_reply timeframe(const published& days, const fake_request& r) {
  const auto from = parse_iso_date(r.param("start_date"));
  const auto to = parse_iso_date(r.param("end_date"));
  if (!from || !to || *to < *from) return apilayer_error(302, "invalid_date");
  if (days_between(*from, *to) + 1 > k_max_timeframe_days) {
    return apilayer_error(505, "invalid_time_frame", "The time frame exceeds 365 days.");
  }
  auto quotes = nlohmann::json::object();
  for (auto it = days.lower_bound(*from); it != days.end() && it->first <= *to; ++it) {
    quotes[to_iso(it->first)] = rates_json(it->second, "USD");
  }
  return json_reply({{"success", true},
                     {"timeframe", true},
                     {"start_date", to_iso(*from)},
                     {"end_date", to_iso(*to)},
                     {"source", "USD"},
                     {"quotes", quotes}});
}

}  // namespace

nlohmann::json exchangerate_host_live_body(cambio::date day, const day_rates& rates,
                                           const std::string& source) {
  return {{"success", true},
          {"terms", "https://exchangerate.host/terms"},
          {"privacy", "https://exchangerate.host/privacy"},
          {"timestamp", afternoon_timestamp(day)},
          {"source", source},
          {"quotes", rates_json(rates, source)}};
}

fake_provider_server::router exchangerate_host_routes(published days, std::string access_key) {
  return [days = std::move(days),
          key = std::move(access_key)](const fake_request& r) -> fake_reply {
    const auto given = r.param("access_key");
    if (given.empty()) return apilayer_error(101, "missing_access_key");
    if (given != key) return apilayer_error(101, "invalid_access_key");
    if (r.path == "/live") {
      if (days.empty()) return apilayer_error(106, "no_rates_available");
      return json_reply(exchangerate_host_live_body(days.rbegin()->first, days.rbegin()->second));
    }
    if (r.path == "/historical") return historical(days, r);
    if (r.path == "/timeframe") return timeframe(days, r);
    return apilayer_error(103, "invalid_api_function");
  };
}

}  // namespace cambio::rates::testing
