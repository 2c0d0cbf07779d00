#pragma once
// exchangerate.host (apilayer): `access_key` in the query string, USD source on the free plan.
// Quotes are keyed source+quote ("USDEUR").
//   GET /live?access_key=K                       → {"success":true,"timestamp":..,"source":"USD",
//                                                   "quotes":{"USDEUR":0.9,...}}
//   GET /historical?access_key=K&date=2024-01-02 → the same plus "historical":true,"date":..
//   GET /timeframe?access_key=K&start_date=..&end_date=..
//                                                →
//                                                {"source":"USD","quotes":{"2024-01-02":{...},..}}
// /live has no date: its rate date is the UTC day of `timestamp`. Errors come as HTTP 200
// {"success":false,"error":{"code":101,"type":"...","info":"..."}}, like fixer's.

#include <string>

#include "rates/http_fetch.hpp"
#include "rates/provider.hpp"

namespace cambio::rates {

struct exchangerate_host_settings {
  std::string base_url = "https://api.exchangerate.host";
  std::string access_key;
};

class exchangerate_host final : public provider {
 public:
  // The provider's documented limit for one /timeframe request.
  static constexpr int k_max_days_per_request = 365;

  explicit exchangerate_host(exchangerate_host_settings settings);

  std::string_view name() const override { return "exchangerate.host"; }
  rate_set latest(deadline until) override;
  // /timeframe, one request per k_max_days_per_request days.
  std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) override;
  // The set published for `day`.
  rate_set on_date(cambio::date day, deadline until);

 private:
  std::vector<rate_set> timeframe(cambio::date from, cambio::date to, deadline until);

  std::string base_url_;
  std::string access_key_;
  http_fetcher http_;
};

}  // namespace cambio::rates
