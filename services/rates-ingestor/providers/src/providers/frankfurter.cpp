#include "rates/providers/frankfurter.hpp"

#include "json_body.hpp"
#include "rates/http_status.hpp"
#include "url_query.hpp"

namespace cambio::rates {
namespace {

using detail::require_member;

// Frankfurter explains its errors in {"message": "..."}; "" when the body is something else (a
// proxy's page, a wrong base URL).
std::string frankfurter_message(const http_response& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("message") && body["message"].is_string()) {
    return body["message"].get<std::string>();
  }
  return {};
}

// 422 means a date it will not serve (before 1999, malformed), which retrying cannot fix.
provider_error frankfurter_error(const http_response& response, std::string_view context) {
  const auto message = frankfurter_message(response);
  std::optional<provider_failure> failure;
  if (response.status == 422) failure = provider_failure::refused;
  return status_error(response, context, failure, message);
}

}  // namespace

frankfurter::frankfurter(frankfurter_settings settings)
    : base_url_(detail::without_trailing_slash(settings.base_url)), http_({.who = "frankfurter"}) {}

rate_set frankfurter::latest(deadline until) { return fetch_one("/latest", until); }

rate_set frankfurter::on_date(cambio::date day, deadline until) {
  return fetch_one("/" + to_iso(day), until);
}

rate_set frankfurter::fetch_one(const std::string& path, deadline until) {
  const auto url = base_url_ + path;
  const auto context = detail::request_context(name(), url);
  const auto response = http_.get(url, until);
  if (!is_success(response.status)) throw frankfurter_error(response, context);
  const auto body = detail::parse_json_object(response, context);
  rate_set set{std::string(name()),
               detail::require_date(body, "date", context),
               detail::require_string(body, "base", context),
               {}};
  set.rates =
      detail::read_rates(require_member(body, "rates", context), "rates", set.base, context);
  return set;
}

std::vector<rate_set> frankfurter::range(cambio::date from, cambio::date to, deadline until) {
  if (from > to) return {};
  const auto url = base_url_ + "/" + to_iso(from) + ".." + to_iso(to);
  const auto context = detail::request_context(name(), url);
  const auto response = http_.get(url, until);
  // Frankfurter's own 404 for a range without a working day means no sets, as it would for the
  // per-day providers; a 404 from elsewhere (a wrong base URL) stays an error.
  if (response.status == 404 && !frankfurter_message(response).empty()) return {};
  if (!is_success(response.status)) throw frankfurter_error(response, context);
  const auto body = detail::parse_json_object(response, context);
  const auto base = detail::require_string(body, "base", context);
  const auto& by_day = require_member(body, "rates", context);
  if (!by_day.is_object()) detail::bad_response(context, "'rates' is not an object");
  // JSON object keys come sorted, and ISO dates sort by date: the sets come out oldest first.
  std::vector<rate_set> out;
  for (const auto& [key, rates] : by_day.items()) {
    const auto day = detail::parse_date_key(key, context);
    if (day < from || day > to) continue;  // only what was asked, like the per-day providers
    out.push_back(
        {std::string(name()), day, base, detail::read_rates(rates, "rates." + key, base, context)});
  }
  return out;
}

}  // namespace cambio::rates
