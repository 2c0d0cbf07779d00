#pragma once
// fixer.io: `access_key` in the query string; the free plan serves the EUR base only.
//   GET /latest?access_key=K       →
//   {"success":true,"timestamp":..,"base":"EUR","date":"2024-01-02",
//                                     "rates":{...}}
//   GET /2024-01-02?access_key=K   → the same plus "historical":true
// Errors come as HTTP 200 {"success":false,"error":{"code":101,"type":"...","info":"..."}}.

#include <string>

#include "rates/http_fetch.hpp"
#include "rates/provider.hpp"

namespace cambio::rates {

struct fixer_settings {
  std::string base_url = "http://data.fixer.io/api";
  std::string access_key;
};

class fixer final : public provider {
 public:
  explicit fixer(fixer_settings settings);

  std::string_view name() const override { return "fixer"; }
  rate_set latest(deadline until) override;
  // One request per weekday (fixer's timeseries endpoint is not on the free plan).
  std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) override;
  // The set published for `day`.
  rate_set on_date(cambio::date day, deadline until);

 private:
  rate_set fetch_one(const std::string& path, deadline until);

  std::string base_url_;
  std::string access_key_;
  http_fetcher http_;
};

}  // namespace cambio::rates
