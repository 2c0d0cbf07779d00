#include "rates/provider_factory.hpp"

namespace cambio::rates {

std::unique_ptr<provider> make_provider(const provider_settings& s) {
  if (s.name == "frankfurter") return std::make_unique<frankfurter>(s.frankfurter);
  if (s.name == "fixer") return std::make_unique<fixer>(s.fixer);
  if (s.name == "openexchangerates")
    return std::make_unique<openexchangerates>(s.openexchangerates);
  if (s.name == "exchangerate.host")
    return std::make_unique<exchangerate_host>(s.exchangerate_host);
  if (s.name == "ecb-csv") return std::make_unique<ecb_csv>(s.ecb_csv);
  throw cambio::config_error("CAMBIO_RATES_PROVIDER='" + s.name + "' is not a known provider");
}

std::unique_ptr<provider> make_provider(const cambio::config& cfg) {
  return make_provider(read_provider_settings(cfg));
}

}  // namespace cambio::rates
