#include "fake_openexchangerates.hpp"

namespace cambio::rates::testing {

nlohmann::json openexchangerates_day_body(cambio::date day, const day_rates& rates,
                                          const std::string& base) {
  return {{"disclaimer", "Usage subject to terms: https://openexchangerates.org/terms"},
          {"license", "https://openexchangerates.org/license"},
          {"timestamp", afternoon_timestamp(day)},
          {"base", base},
          {"rates", rates_json(rates)}};
}

fake_reply openexchangerates_error(int status, const std::string& message,
                                   const std::string& description) {
  return json_reply({{"error", true},
                     {"status", status},
                     {"message", message},
                     {"description", description.empty() ? message : description}},
                    status);
}

fake_provider_server::router openexchangerates_routes(published days, std::string app_id) {
  return [days = std::move(days), key = std::move(app_id)](const fake_request& r) -> fake_reply {
    const auto given = r.param("app_id");
    if (given.empty()) {
      return openexchangerates_error(401, "missing_app_id", "No App ID provided.");
    }
    if (given != key) return openexchangerates_error(401, "invalid_app_id", "Invalid App ID.");
    const std::string_view path = r.path;
    if (path == "/latest.json") {
      if (days.empty()) return openexchangerates_error(404, "not_found");
      return json_reply(openexchangerates_day_body(days.rbegin()->first, days.rbegin()->second));
    }
    constexpr std::string_view prefix = "/historical/";
    constexpr std::string_view suffix = ".json";
    if (!path.starts_with(prefix) || !path.ends_with(suffix)) {
      return openexchangerates_error(404, "not_found", "Client requested a non-existent route.");
    }
    const auto day =
        parse_iso_date(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
    if (!day) return openexchangerates_error(400, "invalid_date");
    const auto found = on_or_before(days, *day);
    if (!found) return openexchangerates_error(404, "not_found", "No rates for that date.");
    return json_reply(openexchangerates_day_body(found->first, found->second));
  };
}

}  // namespace cambio::rates::testing
