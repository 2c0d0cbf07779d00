#include "rates/providers/openexchangerates.hpp"

#include "json_body.hpp"
#include "per_day_range.hpp"
#include "rates/http_status.hpp"
#include "url_query.hpp"

namespace cambio::rates {
namespace {

std::optional<provider_failure> failure_for_message(std::string_view message) {
  if (message == "missing_app_id" || message == "invalid_app_id") {
    return provider_failure::unauthorized;
  }
  if (message == "not_allowed" || message == "access_restricted" || message == "invalid_base" ||
      message == "invalid_date") {
    return provider_failure::refused;
  }
  if (message == "not_found") return provider_failure::not_found;
  return std::nullopt;  // the status decides (429 too_many_requests, 5xx)
}

std::string string_member(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// oxr's error body names the error in "message" and explains it in "description".
provider_error oxr_error(const http_response& response, std::string_view context) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) return status_error(response, context);
  const auto message = string_member(body, "message");
  const auto description = string_member(body, "description");
  return status_error(response, context, failure_for_message(message),
                      message + (description.empty() ? "" : ": " + description));
}

}  // namespace

openexchangerates::openexchangerates(openexchangerates_settings settings)
    : base_url_(detail::without_trailing_slash(settings.base_url)),
      app_id_(std::move(settings.app_id)),
      http_({.who = "openexchangerates"}) {}

rate_set openexchangerates::latest(deadline until) { return fetch_one("/latest.json", until); }

rate_set openexchangerates::on_date(cambio::date day, deadline until) {
  return fetch_one("/historical/" + to_iso(day) + ".json", until);
}

std::vector<rate_set> openexchangerates::range(cambio::date from, cambio::date to, deadline until) {
  return detail::per_day_range(from, to, [&](cambio::date day) { return on_date(day, until); });
}

rate_set openexchangerates::fetch_one(const std::string& path, deadline until) {
  const auto url = base_url_ + path + "?app_id=" + detail::query_escape(app_id_);
  const auto context = detail::request_context(name(), url);
  const auto response = http_.get(url, until);
  if (!is_success(response.status)) throw oxr_error(response, context);
  const auto body = detail::parse_json_object(response, context);
  if (const auto error = body.find("error"); error != body.end() && *error == true) {
    throw oxr_error(response, context);
  }
  rate_set set{std::string(name()),
               detail::require_timestamp_day(body, "timestamp", context),
               detail::require_string(body, "base", context),
               {}};
  set.rates = detail::read_rates(detail::require_member(body, "rates", context), "rates", set.base,
                                 context);
  return set;
}

}  // namespace cambio::rates
