#include "rates/providers/exchangerate_host.hpp"

#include <algorithm>

#include "apilayer_error.hpp"
#include "json_body.hpp"
#include "rates/http_status.hpp"
#include "url_query.hpp"

namespace cambio::rates {
namespace {

struct reply {
  std::string context;
  nlohmann::json body;
};

// GET, mapping the HTTP status and apilayer's error body; the body is a successful answer.
reply fetch(http_fetcher& http, std::string_view name, const std::string& url, deadline until) {
  auto context = detail::request_context(name, url);
  const auto response = http.get(url, until);
  if (!is_success(response.status)) throw status_error(response, context);
  auto body = detail::parse_json_object(response, context);
  detail::check_apilayer_success(body, context);
  return {std::move(context), std::move(body)};
}

std::map<std::string, double> read_quotes(const nlohmann::json& quotes, std::string_view what,
                                          const std::string& source, std::string_view context) {
  return detail::read_rates(quotes, what, source, context, source);
}

}  // namespace

exchangerate_host::exchangerate_host(exchangerate_host_settings settings)
    : base_url_(detail::without_trailing_slash(settings.base_url)),
      access_key_(std::move(settings.access_key)),
      http_({.who = "exchangerate.host"}) {}

rate_set exchangerate_host::latest(deadline until) {
  const auto [context, body] = fetch(
      http_, name(), base_url_ + "/live?access_key=" + detail::query_escape(access_key_), until);
  rate_set set{std::string(name()),
               detail::require_timestamp_day(body, "timestamp", context),
               detail::require_string(body, "source", context),
               {}};
  set.rates =
      read_quotes(detail::require_member(body, "quotes", context), "quotes", set.base, context);
  return set;
}

rate_set exchangerate_host::on_date(cambio::date day, deadline until) {
  const auto [context, body] =
      fetch(http_, name(),
            base_url_ + "/historical?access_key=" + detail::query_escape(access_key_) +
                "&date=" + to_iso(day),
            until);
  rate_set set{std::string(name()),
               detail::require_date(body, "date", context),
               detail::require_string(body, "source", context),
               {}};
  set.rates =
      read_quotes(detail::require_member(body, "quotes", context), "quotes", set.base, context);
  return set;
}

std::vector<rate_set> exchangerate_host::range(cambio::date from, cambio::date to, deadline until) {
  std::vector<rate_set> out;
  for (auto start = from; start <= to; start = add_days(start, k_max_days_per_request)) {
    const auto end = std::min(to, add_days(start, k_max_days_per_request - 1));
    auto part = timeframe(start, end, until);
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<rate_set> exchangerate_host::timeframe(cambio::date from, cambio::date to,
                                                   deadline until) {
  const auto [context, body] =
      fetch(http_, name(),
            base_url_ + "/timeframe?access_key=" + detail::query_escape(access_key_) +
                "&start_date=" + to_iso(from) + "&end_date=" + to_iso(to),
            until);
  const auto source = detail::require_string(body, "source", context);
  const auto& by_day = detail::require_member(body, "quotes", context);
  if (!by_day.is_object()) detail::bad_response(context, "'quotes' is not an object");
  // JSON object keys come sorted, and ISO dates sort by date: the sets come out oldest first.
  std::vector<rate_set> out;
  for (const auto& [key, quotes] : by_day.items()) {
    const auto day = detail::parse_date_key(key, context);
    if (day < from || day > to) continue;
    out.push_back(
        {std::string(name()), day, source, read_quotes(quotes, "quotes." + key, source, context)});
  }
  return out;
}

}  // namespace cambio::rates
