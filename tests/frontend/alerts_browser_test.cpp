// The alert pages in a real headless Chromium: tests/frontend/browser/alerts.mjs (playwright-core
// driving Debian's /usr/bin/chromium) against accounts_stack.hpp with rates-ingestor (the ECB
// file) and alert-evaluator: create an alert, see its current ratio, delete it; then a rate update
// that crosses a second alert's threshold, its mail in the SMTP sink, and the one-click
// unsubscribe link of that mail's List-Unsubscribe header followed in the browser. Fails — does
// not skip — when node, the npm modules or Chromium are missing, saying how to install them.

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "accounts_stack.hpp"
#include "alerts/alert_views.hpp"
#include "cambio/testing/infra.hpp"

namespace {

const std::string k_browser_dir = CAMBIO_FRONTEND_BROWSER_DIR;
const std::string k_password = "a long and unguessable passphrase";

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string next_day(const std::string& iso) {
  using namespace std::chrono;
  const year_month_day d{year{std::stoi(iso.substr(0, 4))},
                         month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
                         day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
  const year_month_day next{sys_days(d) + days(1)};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(next.year()),
                static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
  return out;
}

}  // namespace

TEST_CASE(
    "alert pages in headless Chromium: create, see the ratio, delete, unsubscribe from the "
    "mail's link",
    "[frontend][browser][alerts]") {
  if (run("node --version >/dev/null 2>&1") != 0) {
    FAIL("node is not installed: apt-get install -y nodejs npm");
  }
  if (!std::filesystem::exists(k_browser_dir + "/node_modules/playwright-core/package.json")) {
    FAIL("playwright-core is not installed in " + k_browser_dir +
         ": run PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix " + k_browser_dir);
  }
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    FAIL("/usr/bin/chromium is missing: apt-get install -y chromium");
  }

  cambio::testing::accounts_stack stack(
      {}, 2, cambio::testing::stack_services{.rates = true, .alert_evaluator = true});
  const auto username = cambio::testing::unique_name("alerts");
  const auto email = username + "@example.com";
  {
    // The account (its pages have their own browser test): registered and verified over HTTP.
    cambio::testing::web_client c(stack.base_url());
    REQUIRE(c.get("/register")->status == 200);
    REQUIRE(c.post_form("/register",
                        {{"username", username}, {"email", email}, {"password", k_password}})
                ->status == 200);
    const auto link = stack.wait_for_link(email, "/verify?token=");
    REQUIRE(c.get(link.substr(stack.base_url().size()))->status == 200);
  }

  // What the page must show for EUR/USD, and a threshold the next rate set crosses going up.
  const auto latest = stack.rpc().call("rates.latest", nlohmann::json::object());
  REQUIRE(latest.at("base") == "EUR");
  const auto date = latest.at("date").get<std::string>();
  const double ratio = latest.at("rates").at("USD").get<double>();
  char threshold[32];
  std::snprintf(threshold, sizeof threshold, "%.6f", ratio * 1.01);

  using cambio::testing::shell_quote;
  const auto script = "node " + shell_quote(k_browser_dir + "/alerts.mjs");
  const auto manage = script + " manage " + shell_quote(stack.base_url()) + " " +
                      shell_quote(username) + " " + shell_quote(k_password) + " " +
                      shell_quote(cambio::frontend::alerts::ratio_text(ratio)) + " " +
                      shell_quote(date) + " " + shell_quote(threshold);
  INFO(manage);
  REQUIRE(run(manage) == 0);

  // The next day's rates, with USD 2% up: what the ingest path stores and announces.
  auto rates = latest.at("rates");
  rates["USD"] = ratio * 1.02;
  const auto day = next_day(date);
  const auto provider = latest.at("provider").get<std::string>();
  stack.rpc().call(
      "db.rates.store",
      {{"provider", provider},
       {"sets", nlohmann::json::array({{{"date", day}, {"base", "EUR"}, {"rates", rates}}})}},
      {.timeout = std::chrono::seconds(10)});
  stack.rpc().publish(
      "rates.updated",
      {{"provider", provider}, {"date", day}, {"base", "EUR"}, {"previous_date", date}});

  const auto unsubscribe = script + " unsubscribe " + shell_quote(stack.base_url()) + " " +
                           shell_quote(cambio::testing::infra::get().mail_dir) + " " +
                           shell_quote(email) + " " + shell_quote(username) + " " +
                           shell_quote(k_password);
  INFO(unsubscribe);
  CHECK(run(unsubscribe) == 0);
  // The alert db-proxy holds is paused, and fired exactly once.
  CHECK(stack.query_value("SELECT a.status FROM alerts a JOIN users u ON u.id = a.user_id WHERE "
                          "u.username = '" +
                          username + "'") == "paused");
  CHECK(stack.query_value("SELECT count(*) FROM alert_firings f JOIN alerts a ON a.id = "
                          "f.alert_id JOIN users u ON u.id = a.user_id WHERE u.username = '" +
                          username + "'") == "1");
}
