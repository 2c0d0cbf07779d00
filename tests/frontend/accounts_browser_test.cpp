// The account pages in a real headless Chromium: tests/frontend/browser/accounts.mjs
// (playwright-core driving Debian's /usr/bin/chromium) against the stack of accounts_stack.hpp,
// reading the verification mail from the SMTP sink's Maildir. Fails — does not skip — when node,
// the npm modules or Chromium are missing, saying how to install them.

#include <stb_image_write.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"
#include "cambio/testing/infra.hpp"

namespace {

const std::string k_browser_dir = CAMBIO_FRONTEND_BROWSER_DIR;

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// A 320×200 PNG: a blue field with a white square in the middle.
std::string write_picture(const std::filesystem::path& path) {
  const int w = 320, h = 200;
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      auto* p = &px[(static_cast<std::size_t>(y) * w + x) * 4];
      const bool centre = x > 110 && x < 210 && y > 50 && y < 150;
      p[0] = centre ? 255 : 9;
      p[1] = centre ? 255 : 105;
      p[2] = centre ? 255 : 218;
      p[3] = 255;
    }
  }
  REQUIRE(stbi_write_png(path.c_str(), w, h, 4, px.data(), w * 4));
  return path.string();
}

}  // namespace

TEST_CASE(
    "account pages in headless Chromium: register, mail, verify, login, picture, currency, "
    "logout, and the refusals",
    "[frontend][browser][accounts]") {
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

  cambio::testing::accounts_stack stack;
  // Another user, made over HTTP, whose data the browser must not reach.
  const auto other = cambio::testing::unique_name("bob");
  {
    cambio::testing::web_client bob(stack.base_url());
    bob.get("/register");
    REQUIRE(bob.post_form("/register", {{"username", other},
                                        {"email", other + "@example.com"},
                                        {"password", "bobs own long passphrase"}})
                ->status == 200);
  }

  const auto dir = std::filesystem::temp_directory_path() / cambio::testing::unique_name("pic");
  std::filesystem::create_directories(dir);
  const auto picture = write_picture(dir / "me.png");
  const auto username = cambio::testing::unique_name("alice");
  using cambio::testing::shell_quote;
  const auto command = "node " + shell_quote(k_browser_dir + "/accounts.mjs") + " " +
                       shell_quote(stack.base_url()) + " " +
                       shell_quote(cambio::testing::infra::get().mail_dir) + " " +
                       shell_quote(username) + " " + shell_quote(username + "@example.com") + " " +
                       shell_quote("a long and unguessable passphrase") + " " +
                       shell_quote(picture) + " " + shell_quote(other);
  INFO(command);
  CHECK(run(command) == 0);
  std::filesystem::remove_all(dir);
}
