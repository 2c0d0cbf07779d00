#pragma once
// openexchangerates.org: `app_id` in the query string, USD base.
//   GET /latest.json?app_id=K                → {"timestamp":1449877801,"base":"USD","rates":{...}}
//   GET /historical/2024-01-02.json?app_id=K → the same for that day
// There is no date field: the rate date is the UTC day of `timestamp`.
// Errors carry their HTTP status and {"error":true,"status":401,"message":"invalid_app_id",
// "description":"..."}. 401 (missing/invalid app_id) is unauthorized; 403 (not_allowed,
// access_restricted) is refused: oxr sends it for a valid key whose plan lacks the feature, while a
// wrong key is always a 401. 400 invalid_base is refused too (the base is a plan feature).

#include <string>

#include "rates/http_fetch.hpp"
#include "rates/provider.hpp"

namespace cambio::rates {

struct openexchangerates_settings {
  std::string base_url = "https://openexchangerates.org/api";
  std::string app_id;
};

class openexchangerates final : public provider {
 public:
  explicit openexchangerates(openexchangerates_settings settings);

  std::string_view name() const override { return "openexchangerates"; }
  rate_set latest(deadline until) override;
  // One request per weekday (time-series is a paid feature).
  std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) override;
  // The set published for `day`.
  rate_set on_date(cambio::date day, deadline until);

 private:
  rate_set fetch_one(const std::string& path, deadline until);

  std::string base_url_;
  std::string app_id_;
  http_fetcher http_;
};

}  // namespace cambio::rates
