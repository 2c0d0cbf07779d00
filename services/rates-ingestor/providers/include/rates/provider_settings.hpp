#pragma once
// Which provider the ingestor uses and how to reach it, read from the process's config:
//   CAMBIO_RATES_PROVIDER                frankfurter (default) | fixer | openexchangerates |
//                                        exchangerate.host | ecb-csv
//   CAMBIO_FRANKFURTER_URL               default https://api.frankfurter.app
//   CAMBIO_FIXER_URL                     default http://data.fixer.io/api
//   CAMBIO_FIXER_ACCESS_KEY              required for fixer
//   CAMBIO_OXR_URL                       default https://openexchangerates.org/api
//   CAMBIO_OXR_APP_ID                    required for openexchangerates
//   CAMBIO_EXCHANGERATE_HOST_URL         default https://api.exchangerate.host
//   CAMBIO_EXCHANGERATE_HOST_ACCESS_KEY  required for exchangerate.host
//   CAMBIO_ECB_CSV                       the eurofxref-hist.csv path, required for ecb-csv
// Only the chosen provider's key or path is required, so the defaults alone choose frankfurter.

#include <array>
#include <string>
#include <string_view>

#include "cambio/config.hpp"
#include "rates/providers/ecb_csv.hpp"
#include "rates/providers/exchangerate_host.hpp"
#include "rates/providers/fixer.hpp"
#include "rates/providers/frankfurter.hpp"
#include "rates/providers/openexchangerates.hpp"

namespace cambio::rates {

inline constexpr std::array<std::string_view, 5> k_provider_names = {
    "frankfurter", "fixer", "openexchangerates", "exchangerate.host", "ecb-csv"};

struct provider_settings {
  std::string name = "frankfurter";  // one of k_provider_names
  frankfurter_settings frankfurter;
  fixer_settings fixer;
  openexchangerates_settings openexchangerates;
  exchangerate_host_settings exchangerate_host;
  ecb_csv_settings ecb_csv;
};

// Reads the settings above. Throws cambio::config_error naming the setting for an unknown provider
// or the chosen provider's missing key or path. Connects nothing and opens no file: safe to call at
// start-up to fail fast on a bad configuration.
provider_settings read_provider_settings(const cambio::config& cfg);

// One line for the start-up log: the provider and where it reads from; keys only as "(set)".
std::string describe(const provider_settings& settings);

}  // namespace cambio::rates
