// The rates page in a real headless Chromium: tests/frontend/browser/rates_page.mjs
// (playwright-core driving Debian's /usr/bin/chromium) against the stack of rates_stack.hpp. Fails
// — does not skip — when node, the npm modules or Chromium are missing, saying how to install them.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

#include "cambio/testing/infra.hpp"
#include "rates_stack.hpp"

namespace {

const std::string k_browser_dir = CAMBIO_FRONTEND_BROWSER_DIR;

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

TEST_CASE("rates page in headless Chromium: table, base select, offline banner, chart, converter",
          "[frontend][browser]") {
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

  cambio::testing::rates_stack stack;
  const auto command = "node " + cambio::testing::shell_quote(k_browser_dir + "/rates_page.mjs") +
                       " " + cambio::testing::shell_quote(stack.base_url());
  INFO(command);
  CHECK(run(command) == 0);
}
