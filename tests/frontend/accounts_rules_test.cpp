// Username, email and login rules (accounts/account_rules.hpp, normalize_login), cookies
// (accounts/cookies.hpp), the per-address limiter and the settings (accounts/account_settings.hpp).

#include <catch2/catch.hpp>

#include "accounts/account_flows.hpp"
#include "accounts/account_rules.hpp"
#include "accounts/account_settings.hpp"
#include "accounts/cookies.hpp"

using namespace cambio::frontend::accounts;

namespace {

cambio::config cfg(const std::map<std::string, std::string>& values) {
  return cambio::config(values);
}

}  // namespace

TEST_CASE("usernames are trimmed and lower-cased, then 3-32 of [a-z0-9_]", "[accounts][rules]") {
  CHECK(normalize_username("  Alice_01 ") == "alice_01");
  CHECK_FALSE(username_problem("alice_01"));
  CHECK_FALSE(username_problem("abc"));
  CHECK_FALSE(username_problem(std::string(32, 'a')));
  CHECK_THAT(*username_problem("ab"), Catch::Contains("3 to 32"));
  CHECK_THAT(*username_problem(std::string(33, 'a')), Catch::Contains("3 to 32"));
  for (const char* bad : {"ali ce", "alice!", "al-ice", "alice.b", "Alice", "ålice"}) {
    INFO(bad);
    REQUIRE(username_problem(bad));
  }
  CHECK_THAT(*username_problem("al-ice"), Catch::Contains("letters a–z, digits and underscores"));
}

TEST_CASE("emails are trimmed, keep their case and need a plausible shape", "[accounts][rules]") {
  CHECK(normalize_email("  Alice@Example.COM ") == "Alice@Example.COM");
  for (const char* good :
       {"a@b.co", "alice.liddell+cambio@mail.example.org", "x_y@sub-d.example"}) {
    INFO(good);
    CHECK_FALSE(email_problem(good));
  }
  for (const char* bad :
       {"", "alice", "alice@", "@example.com", "alice@example", "a@b@c.com", "ali ce@example.com",
        "alice@exa mple.com", "alice@-example.com", "alice@example..com", ".alice@example.com",
        "al..ice@example.com", "<alice>@example.com", "alice@example.com."}) {
    INFO(bad);
    CHECK(email_problem(bad));
  }
  CHECK_THAT(*email_problem(std::string(250, 'a') + "@example.com"), Catch::Contains("254"));
}

TEST_CASE("a login is a username or an email, anything else names nobody", "[accounts][rules]") {
  CHECK(normalize_login(" Alice ") == std::optional<std::string>("alice"));
  CHECK(normalize_login("Alice@Example.com") == std::optional<std::string>("Alice@Example.com"));
  CHECK_FALSE(normalize_login("a"));
  CHECK_FALSE(normalize_login("alice@"));
  CHECK_FALSE(normalize_login("robert'); drop table users;--"));
}

TEST_CASE("links in mails hang off the public URL", "[accounts][rules]") {
  flow_settings s;
  s.public_url = "https://cambio.example";
  CHECK(verify_url(s, "TOKEN") == "https://cambio.example/verify?token=TOKEN");
  CHECK(login_url(s) == "https://cambio.example/login");
  CHECK(resend_url(s) == "https://cambio.example/resend");
  CHECK(register_url(s) == "https://cambio.example/register");
}

TEST_CASE("cookies over http: HttpOnly, SameSite=Lax, no Secure, plain names",
          "[accounts][cookies]") {
  const auto s = cookie_settings_for("http://127.0.0.1:8080");
  CHECK_FALSE(s.secure);
  CHECK(session_cookie_name(s) == "cambio_session");
  CHECK(csrf_cookie_name(s) == "cambio_csrf");
  CHECK(set_cookie_value(s, "cambio_session", "abc", std::chrono::seconds(43200)) ==
        "cambio_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax");
  CHECK(set_cookie_value(s, "cambio_csrf", "n") == "cambio_csrf=n; Path=/; HttpOnly; SameSite=Lax");
  CHECK(clear_cookie_value(s, "cambio_session") ==
        "cambio_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST_CASE("cookies over https: Secure and the __Host- prefix", "[accounts][cookies]") {
  const auto s = cookie_settings_for("HTTPS://cambio.example");
  CHECK(s.secure);
  CHECK(session_cookie_name(s) == "__Host-cambio_session");
  CHECK(csrf_cookie_name(s) == "__Host-cambio_csrf");
  const auto v = set_cookie_value(s, session_cookie_name(s), "abc", std::chrono::seconds(60));
  CHECK(v == "__Host-cambio_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
  CHECK_THAT(v, !Catch::Contains("Domain"));
}

TEST_CASE("a cookie is found by its exact name in the Cookie header", "[accounts][cookies]") {
  const std::string header =
      "theme=dark; cambio_session=abc;cambio_csrf=\"q\" ; x_cambio_session=no";
  CHECK(find_cookie(header, "cambio_session") == std::optional<std::string>("abc"));
  CHECK(find_cookie(header, "cambio_csrf") == std::optional<std::string>("q"));
  CHECK(find_cookie(header, "theme") == std::optional<std::string>("dark"));
  CHECK_FALSE(find_cookie(header, "session"));
  CHECK_FALSE(find_cookie("", "cambio_session"));
}

TEST_CASE("settings: CAMBIO_SECRET_KEY is required and long", "[accounts][settings]") {
  CHECK_THROWS_WITH(account_settings_from(cfg({}), "http://127.0.0.1:8080"),
                    Catch::Contains("CAMBIO_SECRET_KEY is required"));
  CHECK_THROWS_WITH(account_settings_from(cfg({{"CAMBIO_SECRET_KEY", "short"}}), "http://x:1"),
                    Catch::Contains("CAMBIO_SECRET_KEY is too short"));
}

TEST_CASE("settings: defaults, the public URL and its cookies", "[accounts][settings]") {
  const std::string key(40, 'k');
  const auto d = account_settings_from(cfg({{"CAMBIO_SECRET_KEY", key}}), "http://127.0.0.1:8080");
  CHECK(d.flows.public_url == "http://127.0.0.1:8080");
  CHECK_FALSE(d.cookies.secure);
  CHECK(d.sessions.idle == std::chrono::seconds(1800));
  CHECK(d.sessions.absolute == std::chrono::seconds(43200));
  CHECK(d.flows.verify_ttl == std::chrono::seconds(86400));
  const auto s = account_settings_from(
      cfg({{"CAMBIO_SECRET_KEY", key}, {"CAMBIO_PUBLIC_URL", "https://cambio.example/"}}),
      "http://127.0.0.1:8080");
  CHECK(s.flows.public_url == "https://cambio.example");
  CHECK(s.cookies.secure);
  CHECK_THROWS_WITH(account_settings_from(cfg({{"CAMBIO_SECRET_KEY", key},
                                               {"CAMBIO_SESSION_IDLE_S", "7200"},
                                               {"CAMBIO_SESSION_MAX_S", "3600"}}),
                                          "http://x:1"),
                    Catch::Contains("must not exceed CAMBIO_SESSION_MAX_S"));
  CHECK_THROWS_WITH(
      account_settings_from(
          cfg({{"CAMBIO_SECRET_KEY", key}, {"CAMBIO_PUBLIC_URL", "cambio.example"}}), "http://x:1"),
      Catch::Contains("CAMBIO_PUBLIC_URL"));
}
