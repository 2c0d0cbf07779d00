#pragma once
// The provider the configuration chooses (provider_settings.hpp lists the settings).

#include <memory>

#include "cambio/config.hpp"
#include "rates/provider.hpp"
#include "rates/provider_settings.hpp"

namespace cambio::rates {

// The provider named by settings.name. Constructing one connects nothing and reads no file.
// Throws cambio::config_error for a name not in k_provider_names.
std::unique_ptr<provider> make_provider(const provider_settings& settings);

// make_provider(read_provider_settings(cfg)): throws cambio::config_error naming the setting that
// is missing or wrong. Call it from on_start, not at wiring (`--list-queues` runs without
// settings).
std::unique_ptr<provider> make_provider(const cambio::config& cfg);

}  // namespace cambio::rates
