#include <catch2/catch.hpp>

#include "fake_exchangerate_host.hpp"
#include "fake_fixer.hpp"
#include "fake_frankfurter.hpp"
#include "fake_openexchangerates.hpp"
#include "provider_test_support.hpp"
#include "rates/provider_factory.hpp"

namespace cambio::rates::testing {
namespace {

using namespace std::chrono;
using settings = std::map<std::string, std::string>;

std::unique_ptr<provider> make(const settings& values) {
  return make_provider(cambio::config(values));
}

std::string config_error_of(const settings& values) {
  try {
    make(values);
  } catch (const cambio::config_error& e) {
    return e.what();
  }
  FAIL("expected a config_error");
  return {};
}

TEST_CASE("factory: no settings at all choose frankfurter, connecting nothing") {
  const auto p = make({});
  CHECK(p->name() == "frankfurter");
  CHECK(read_provider_settings(cambio::config({})).frankfurter.base_url ==
        "https://api.frankfurter.app");
}

TEST_CASE("factory: each provider by name, with its key or path") {
  const std::vector<std::pair<std::string, settings>> cases = {
      {"frankfurter", {{"CAMBIO_RATES_PROVIDER", "frankfurter"}}},
      {"fixer", {{"CAMBIO_RATES_PROVIDER", "fixer"}, {"CAMBIO_FIXER_ACCESS_KEY", "k"}}},
      {"openexchangerates",
       {{"CAMBIO_RATES_PROVIDER", "openexchangerates"}, {"CAMBIO_OXR_APP_ID", "k"}}},
      {"exchangerate.host",
       {{"CAMBIO_RATES_PROVIDER", "exchangerate.host"},
        {"CAMBIO_EXCHANGERATE_HOST_ACCESS_KEY", "k"}}},
      // The file is read on first use, not here: a wrong path fails later, as unavailable.
      {"ecb-csv", {{"CAMBIO_RATES_PROVIDER", "ecb-csv"}, {"CAMBIO_ECB_CSV", "/nonexistent.csv"}}},
  };
  for (const auto& [name, values] : cases) {
    INFO(name);
    CHECK(make(values)->name() == name);
  }
  CHECK(k_provider_names.size() == cases.size());
}

TEST_CASE("factory: an unknown provider is a config_error naming the setting and the choices") {
  const auto message = config_error_of({{"CAMBIO_RATES_PROVIDER", "ecb"}});
  CHECK_THAT(message, Catch::Contains("CAMBIO_RATES_PROVIDER") && Catch::Contains("'ecb'") &&
                          Catch::Contains("exchangerate.host"));
  provider_settings s;
  s.name = "nope";
  CHECK_THROWS_AS(make_provider(s), cambio::config_error);
}

TEST_CASE("factory: the chosen provider's missing key is a config_error naming it") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fixer", "CAMBIO_FIXER_ACCESS_KEY"},
      {"openexchangerates", "CAMBIO_OXR_APP_ID"},
      {"exchangerate.host", "CAMBIO_EXCHANGERATE_HOST_ACCESS_KEY"},
      {"ecb-csv", "CAMBIO_ECB_CSV"},
  };
  for (const auto& [name, setting] : cases) {
    INFO(name);
    CHECK_THAT(config_error_of({{"CAMBIO_RATES_PROVIDER", name}}), Catch::Contains(setting));
    // An empty value counts as missing.
    CHECK_THAT(config_error_of({{"CAMBIO_RATES_PROVIDER", name}, {setting, ""}}),
               Catch::Contains(setting));
  }
  // Another provider's key is not required.
  CHECK(make({{"CAMBIO_RATES_PROVIDER", "fixer"}, {"CAMBIO_FIXER_ACCESS_KEY", "k"}})->name() ==
        "fixer");
}

TEST_CASE("factory: the configured URLs and keys reach the providers") {
  const auto days_eur = sample_days("EUR");
  const auto days_usd = sample_days("USD");
  fake_provider_server frankfurter_fake{frankfurter_routes(days_eur)};
  fake_provider_server fixer_fake{fixer_routes(days_eur, "fk")};
  fake_provider_server oxr_fake{openexchangerates_routes(days_usd, "ok")};
  fake_provider_server erh_fake{exchangerate_host_routes(days_usd, "ek")};
  const settings urls = {{"CAMBIO_FRANKFURTER_URL", frankfurter_fake.url()},
                         {"CAMBIO_FIXER_URL", fixer_fake.url()},
                         {"CAMBIO_FIXER_ACCESS_KEY", "fk"},
                         {"CAMBIO_OXR_URL", oxr_fake.url()},
                         {"CAMBIO_OXR_APP_ID", "ok"},
                         {"CAMBIO_EXCHANGERATE_HOST_URL", erh_fake.url()},
                         {"CAMBIO_EXCHANGERATE_HOST_ACCESS_KEY", "ek"}};
  for (const auto* name : {"frankfurter", "fixer", "openexchangerates", "exchangerate.host"}) {
    INFO(name);
    auto values = urls;
    values["CAMBIO_RATES_PROVIDER"] = name;
    CHECK(make(values)->latest(after(2s)).date == 2024y / January / 8);
  }
  for (const auto* fake : {&frankfurter_fake, &fixer_fake, &oxr_fake, &erh_fake}) {
    CHECK(fake->requests().size() == 1);
  }
}

TEST_CASE("factory: describe names the provider and its source, never the key") {
  const auto s = read_provider_settings(
      cambio::config({{"CAMBIO_RATES_PROVIDER", "fixer"}, {"CAMBIO_FIXER_ACCESS_KEY", "s3cr3t"}}));
  CHECK(describe(s) == "fixer url=http://data.fixer.io/api access_key=(set)");
  CHECK(describe(read_provider_settings(cambio::config({}))) ==
        "frankfurter url=https://api.frankfurter.app");
}

}  // namespace
}  // namespace cambio::rates::testing
