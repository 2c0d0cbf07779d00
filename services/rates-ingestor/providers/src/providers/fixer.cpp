#include "rates/providers/fixer.hpp"

#include "apilayer_error.hpp"
#include "json_body.hpp"
#include "per_day_range.hpp"
#include "rates/http_status.hpp"
#include "url_query.hpp"

namespace cambio::rates {

fixer::fixer(fixer_settings settings)
    : base_url_(detail::without_trailing_slash(settings.base_url)),
      access_key_(std::move(settings.access_key)),
      http_({.who = "fixer"}) {}

rate_set fixer::latest(deadline until) { return fetch_one("/latest", until); }

rate_set fixer::on_date(cambio::date day, deadline until) {
  return fetch_one("/" + to_iso(day), until);
}

std::vector<rate_set> fixer::range(cambio::date from, cambio::date to, deadline until) {
  return detail::per_day_range(from, to, [&](cambio::date day) { return on_date(day, until); });
}

rate_set fixer::fetch_one(const std::string& path, deadline until) {
  const auto url = base_url_ + path + "?access_key=" + detail::query_escape(access_key_);
  const auto context = detail::request_context(name(), url);
  const auto response = http_.get(url, until);
  if (!is_success(response.status)) throw status_error(response, context);
  const auto body = detail::parse_json_object(response, context);
  detail::check_apilayer_success(body, context);
  rate_set set{std::string(name()),
               detail::require_date(body, "date", context),
               detail::require_string(body, "base", context),
               {}};
  set.rates = detail::read_rates(detail::require_member(body, "rates", context), "rates", set.base,
                                 context);
  return set;
}

}  // namespace cambio::rates
