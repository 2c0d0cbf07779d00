#include "fake_fixer.hpp"

namespace cambio::rates::testing {

nlohmann::json fixer_day_body(cambio::date day, const day_rates& rates, const std::string& base) {
  return {{"success", true},
          {"timestamp", afternoon_timestamp(day)},
          {"base", base},
          {"date", to_iso(day)},
          {"rates", rates_json(rates)}};
}

fake_provider_server::router fixer_routes(published days, std::string access_key) {
  return
      [days = std::move(days), key = std::move(access_key)](const fake_request& r) -> fake_reply {
        const auto given = r.param("access_key");
        if (given.empty()) {
          return apilayer_error(101, "missing_access_key",
                                "You have not supplied an API Access Key. [Required format: "
                                "access_key=YOUR_ACCESS_KEY]");
        }
        if (given != key) return apilayer_error(101, "invalid_access_key");
        const std::string_view path = std::string_view(r.path).substr(1);
        if (path == "latest") {
          if (days.empty()) return apilayer_error(106, "no_rates_available");
          return json_reply(fixer_day_body(days.rbegin()->first, days.rbegin()->second));
        }
        if (path.empty() || !std::isdigit(static_cast<unsigned char>(path[0]))) {
          return apilayer_error(103, "invalid_api_function");
        }
        const auto day = parse_iso_date(path);
        if (!day) return apilayer_error(302, "invalid_date");
        const auto found = on_or_before(days, *day);
        if (!found) return apilayer_error(106, "no_rates_available");
        auto body = fixer_day_body(found->first, found->second);
        body["historical"] = true;
        return json_reply(body);
      };
}

}  // namespace cambio::rates::testing
