// The layout and the account pages as HTML (page_layout.hpp, accounts/account_views.hpp).

#include <catch2/catch.hpp>

#include "accounts/account_views.hpp"
#include "page_layout.hpp"

using namespace cambio::frontend;
using namespace cambio::frontend::accounts;

namespace {

page_frame anonymous() {
  page_frame f;
  f.csrf_token = "ANON-CSRF";
  return f;
}

page_frame signed_in() {
  page_frame f;
  f.username = "alice";
  f.csrf_token = "SESSION-CSRF";
  return f;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("every page is a document linking the one stylesheet, with no inline CSS or CDN",
          "[accounts][views]") {
  const auto page = render_login_page(anonymous(), {});
  CHECK_THAT(page, Catch::StartsWith("<!doctype html>") && Catch::EndsWith("</html>\n"));
  CHECK_THAT(page, Catch::Contains("<meta name=\"viewport\" content=\"width=device-width, "
                                   "initial-scale=1\">"));
  CHECK_THAT(page, Catch::Contains("<link rel=\"stylesheet\" href=\"/static/cambio.css?v=" +
                                   stylesheet_version() + "\">"));
  CHECK_THAT(page, !Catch::Contains("<style") && !Catch::Contains("https://"));
  CHECK_THAT(page, Catch::Contains("<title>Log in — Cambio</title>"));
  CHECK(stylesheet_version().size() == 12);
}

TEST_CASE("the navigation: the feature pages, then log in/register or the user and log out",
          "[accounts][views]") {
  const auto anon = render_coming_soon_page(anonymous(), "/wallet");
  for (const char* href : {"/", "/rates", "/alerts", "/wallet", "/orders", "/login", "/register"}) {
    CHECK_THAT(anon, Catch::Contains(std::string("href=\"") + href + "\""));
  }
  CHECK_THAT(anon, Catch::Contains("<a href=\"/wallet\" aria-current=\"page\">Wallet</a>"));
  CHECK(count(anon, "aria-current") == 1);
  CHECK_THAT(anon, !Catch::Contains("Log out"));

  const auto user = render_coming_soon_page(signed_in(), "/orders");
  CHECK_THAT(user, Catch::Contains(">alice</a>") && Catch::Contains("Log out"));
  CHECK_THAT(user, Catch::Contains("action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
                                   "value=\"SESSION-CSRF\">"));
  CHECK_THAT(user, !Catch::Contains("href=\"/login\""));
  CHECK_THAT(user, Catch::Contains("coming soon"));
}

TEST_CASE("every form carries the CSRF token", "[accounts][views]") {
  profile p{7, "alice", "alice@example.com", "EUR", "2026-01-02T03:04:05Z", false, ""};
  for (const auto& page :
       {render_register_page(anonymous(), {}), render_login_page(anonymous(), {}),
        render_resend_page(anonymous(), "", ""),
        render_login_page(anonymous(), {"alice", "", std::string("alice@example.com")})}) {
    CHECK(count(page, "<form") == count(page, "name=\"csrf\" value=\"ANON-CSRF\""));
    CHECK(count(page, "<form") >= 1);
  }
  const auto profile_page = render_profile_page(signed_in(), p, "");
  // The logout form of the nav and the three of the page.
  CHECK(count(profile_page, "<form") == 4);
  CHECK(count(profile_page, "name=\"csrf\" value=\"SESSION-CSRF\"") == 4);
}

TEST_CASE("a refused registration keeps the values, shows each problem, never the password",
          "[accounts][views]") {
  register_form form{
      "Bob<script>", "bob@example.com", {{"username", "bad name"}, {"password", "too short"}}, ""};
  const auto page = render_register_page(anonymous(), form);
  CHECK_THAT(page, Catch::Contains("value=\"Bob&lt;script&gt;\""));
  CHECK_THAT(page, !Catch::Contains("<script>"));
  CHECK_THAT(page, Catch::Contains("value=\"bob@example.com\""));
  CHECK_THAT(page, Catch::Contains("id=\"username-error\">bad name<"));
  CHECK_THAT(page, Catch::Contains("id=\"password-error\">too short<"));
  CHECK_THAT(page, !Catch::Contains("email-error"));
  CHECK_THAT(page, Catch::Contains("name=\"password\" type=\"password\"") &&
                       !Catch::Contains("name=\"password\" type=\"password\" value"));
}

TEST_CASE("login: the error, and for an unverified account the resend offer", "[accounts][views]") {
  const auto wrong = render_login_page(anonymous(), {"alice", "wrong!", std::nullopt});
  CHECK_THAT(wrong, Catch::Contains("id=\"form-error\" role=\"alert\">wrong!<"));
  CHECK_THAT(wrong, !Catch::Contains("id=\"unverified\""));
  const auto pending = render_login_page(anonymous(), {"alice", "", std::string("a@example.com")});
  CHECK_THAT(pending, Catch::Contains("id=\"unverified\"") && Catch::Contains("not verified") &&
                          Catch::Contains("name=\"email\" value=\"a@example.com\"") &&
                          Catch::Contains("action=\"/resend\""));
}

TEST_CASE("verification outcomes", "[accounts][views]") {
  CHECK_THAT(render_verify_page(anonymous(), verify_status::verified),
             Catch::Contains("Email verified") && Catch::Contains("id=\"verify-login\""));
  CHECK_THAT(render_verify_page(anonymous(), verify_status::invalid),
             Catch::Contains("not valid or has already been used"));
  CHECK_THAT(render_verify_page(anonymous(), verify_status::expired),
             Catch::Contains("has expired") && Catch::Contains("href=\"/resend\""));
}

TEST_CASE("the check-your-email page says how long the link lasts", "[accounts][views]") {
  CHECK_THAT(render_check_email_page(anonymous(), "Sent.", std::chrono::hours(24)),
             Catch::Contains("valid for 24 hours") && Catch::Contains(">Sent.<"));
  CHECK(duration_text(std::chrono::seconds(60)) == "1 minute");
  CHECK(duration_text(std::chrono::seconds(90)) == "90 seconds");
  CHECK(duration_text(std::chrono::seconds(7200)) == "2 hours");
}

TEST_CASE("profile: the user's data, the picture, the active currencies with theirs selected",
          "[accounts][views]") {
  profile p{7,
            "alice",
            "alice@example.com",
            "JPY",
            "2026-01-02T03:04:05Z",
            true,
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"};
  const auto page = render_profile_page(signed_in(), p, "");
  CHECK_THAT(page, Catch::Contains("id=\"profile-username\">alice<") &&
                       Catch::Contains("id=\"profile-email\">alice@example.com<") &&
                       Catch::Contains("Member since 2026-01-02"));
  CHECK_THAT(page, Catch::Contains("src=\"/profile/picture?v=0123456789ab\""));
  CHECK_THAT(page, Catch::Contains("<option value=\"JPY\" selected>JPY — "));
  CHECK_THAT(page, Catch::Contains("<option value=\"EUR\">EUR — Euro</option>"));
  CHECK_THAT(page, !Catch::Contains("value=\"HRK\""));  // retired
  CHECK(count(page, " selected>") == 1);
  CHECK_THAT(page, Catch::Contains("enctype=\"multipart/form-data\""));
}

TEST_CASE("error pages: a heading per status and the message, escaped", "[accounts][views]") {
  const auto page = render_error_page(anonymous(), 503, "db <down>");
  CHECK_THAT(page, Catch::Contains("<h1>Service unavailable</h1>") &&
                       Catch::Contains("db &lt;down&gt;") && Catch::Contains("Error 503."));
  CHECK(error_heading(404) == "Page not found");
  CHECK(error_heading(403) == "Not allowed");
  CHECK(error_heading(500) == "Something went wrong");
  CHECK(error_heading(502) == "Something went wrong");
  CHECK(error_heading(413) == "Too large");
}
