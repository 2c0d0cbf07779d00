#pragma once
// frankfurter.app: the ECB's reference rates over a keyless JSON API, EUR base. The default
// provider.
//   GET /latest                   → {"amount":1.0,"base":"EUR","date":"2024-01-02","rates":{...}}
//   GET /2024-01-06               → the set of that day, or of the working day before it
//   GET /2024-01-01..2024-01-31   → {"base":"EUR","start_date":..,"rates":{"2024-01-02":{...},..}}
// Errors: 404 {"message":"not found"}, 422 for dates it will not serve.

#include <string>

#include "rates/http_fetch.hpp"
#include "rates/provider.hpp"

namespace cambio::rates {

struct frankfurter_settings {
  std::string base_url = "https://api.frankfurter.app";
};

class frankfurter final : public provider {
 public:
  explicit frankfurter(frankfurter_settings settings);

  std::string_view name() const override { return "frankfurter"; }
  rate_set latest(deadline until) override;
  // One request to the range endpoint.
  std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) override;
  // The set published for `day`, or for the last working day before it.
  rate_set on_date(cambio::date day, deadline until);

 private:
  rate_set fetch_one(const std::string& path, deadline until);

  std::string base_url_;
  http_fetcher http_;
};

}  // namespace cambio::rates
