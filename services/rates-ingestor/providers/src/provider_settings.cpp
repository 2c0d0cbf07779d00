#include "rates/provider_settings.hpp"

namespace cambio::rates {

provider_settings read_provider_settings(const cambio::config& cfg) {
  provider_settings s;
  s.name = cfg.get_choice("CAMBIO_RATES_PROVIDER", s.name,
                          {k_provider_names[0], k_provider_names[1], k_provider_names[2],
                           k_provider_names[3], k_provider_names[4]});
  s.frankfurter.base_url = cfg.get("CAMBIO_FRANKFURTER_URL", s.frankfurter.base_url);
  s.fixer.base_url = cfg.get("CAMBIO_FIXER_URL", s.fixer.base_url);
  s.openexchangerates.base_url = cfg.get("CAMBIO_OXR_URL", s.openexchangerates.base_url);
  s.exchangerate_host.base_url =
      cfg.get("CAMBIO_EXCHANGERATE_HOST_URL", s.exchangerate_host.base_url);
  // Keys and the file are required only by the provider that uses them.
  const auto required_for = [&](std::string_view provider, std::string_view key) {
    return s.name == provider ? cfg.required(key) : cfg.get(key, "");
  };
  s.fixer.access_key = required_for("fixer", "CAMBIO_FIXER_ACCESS_KEY");
  s.openexchangerates.app_id = required_for("openexchangerates", "CAMBIO_OXR_APP_ID");
  s.exchangerate_host.access_key =
      required_for("exchangerate.host", "CAMBIO_EXCHANGERATE_HOST_ACCESS_KEY");
  s.ecb_csv.path = required_for("ecb-csv", "CAMBIO_ECB_CSV");
  return s;
}

std::string describe(const provider_settings& s) {
  const auto key = [](const std::string& k) { return k.empty() ? "(not set)" : "(set)"; };
  if (s.name == "frankfurter") return "frankfurter url=" + s.frankfurter.base_url;
  if (s.name == "fixer") {
    return "fixer url=" + s.fixer.base_url + " access_key=" + key(s.fixer.access_key);
  }
  if (s.name == "openexchangerates") {
    return "openexchangerates url=" + s.openexchangerates.base_url +
           " app_id=" + key(s.openexchangerates.app_id);
  }
  if (s.name == "exchangerate.host") {
    return "exchangerate.host url=" + s.exchangerate_host.base_url +
           " access_key=" + key(s.exchangerate_host.access_key);
  }
  if (s.name == "ecb-csv") return "ecb-csv path=" + s.ecb_csv.path;
  return s.name + " (unknown provider)";
}

}  // namespace cambio::rates
