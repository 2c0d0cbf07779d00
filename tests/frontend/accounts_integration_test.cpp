// The account pages end to end over HTTP, against the real db-proxy, mailer, broker, PostgreSQL
// and SMTP sink (accounts_stack.hpp): registration that reveals nothing, the mailed link,
// login/logout and sessions, CSRF, throttling, the profile and its picture, another user's data,
// error pages and db-proxy down.

#include <stb_image_write.h>

#include <memory>
#include <regex>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::web_client;

namespace {

accounts_stack& stack() {
  static auto s = std::make_unique<accounts_stack>();
  return *s;
}

const std::string k_password = "correct horse battery staple";

std::string unique(const std::string& prefix) { return cambio::testing::unique_name(prefix); }

// Registers, follows the mailed link, logs in; returns the signed-in client.
web_client signed_in_user(const std::string& username, const std::string& email) {
  web_client c(stack().base_url());
  REQUIRE(c.get("/register")->status == 200);
  const auto reg = c.post_form(
      "/register", {{"username", username}, {"email", email}, {"password", k_password}});
  REQUIRE(reg->status == 200);
  const auto link = stack().wait_for_link(email, "/verify?token=");
  REQUIRE(c.get(link.substr(stack().base_url().size()))->status == 200);
  REQUIRE(c.get("/login")->status == 200);
  const auto login = c.post_form("/login", {{"login", username}, {"password", k_password}});
  REQUIRE(login->status == 303);
  REQUIRE(c.get("/profile")->status == 200);
  return c;
}

std::string png_of(int w, int h) {
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4, 0);
  for (std::size_t i = 0; i < px.size(); i += 4) {
    px[i] = 200;
    px[i + 3] = 255;
  }
  std::string out;
  stbi_write_png_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size);
      },
      &out, w, h, 4, px.data(), w * 4);
  return out;
}

}  // namespace

TEST_CASE(
    "registration: the same answer whether or not the email or username exist, the right "
    "mail each time",
    "[accounts][integration]") {
  const auto name = unique("reg");
  const auto email = name + "@example.com";
  web_client c(stack().base_url());
  REQUIRE(c.get("/register")->status == 200);
  const auto first =
      c.post_form("/register", {{"username", name}, {"email", email}, {"password", k_password}});
  REQUIRE(first->status == 200);
  CHECK_THAT(first->body, Catch::Contains("Check your email"));
  CHECK(first->get_header_value("Cache-Control") == "no-store");
  CHECK_THAT(stack().wait_for_link(email, "/verify?token="),
             Catch::StartsWith(stack().base_url() + "/verify?token="));

  // The same email again (another username), and the same username with a new email.
  const auto again = c.post_form(
      "/register", {{"username", name + "x"}, {"email", email}, {"password", k_password}});
  const auto other_email = unique("other") + "@example.com";
  const auto taken = c.post_form(
      "/register", {{"username", name}, {"email", other_email}, {"password", k_password}});
  for (const auto* res : {&again, &taken}) {
    REQUIRE(*res);
    CHECK((*res)->status == first->status);
    CHECK_THAT((*res)->body, Catch::Contains("Check your email"));
  }
  // Each gets the mail saying what happened, to the owner of the address.
  CHECK_THAT(stack().wait_for_link(email, "/login", 1), Catch::EndsWith("/login"));
  CHECK_THAT(stack().wait_for_link(other_email, "/register"), Catch::EndsWith("/register"));
}

TEST_CASE("registration: invalid input is refused field by field, nothing stored",
          "[accounts][integration]") {
  web_client c(stack().base_url());
  REQUIRE(c.get("/register")->status == 200);
  const auto email = unique("weak") + "@example.com";
  const auto res =
      c.post_form("/register", {{"username", "x!"}, {"email", email}, {"password", "password123"}});
  REQUIRE(res->status == 400);
  CHECK_THAT(res->body,
             Catch::Contains("id=\"username-error\"") && Catch::Contains("id=\"password-error\"") &&
                 Catch::Contains("too easy to guess") && !Catch::Contains("id=\"email-error\""));
  CHECK_THAT(res->body, Catch::Contains("value=\"" + email + "\""));
}

TEST_CASE("verification: the link works once, login before it says so and offers a resend",
          "[accounts][integration]") {
  const auto name = unique("ver");
  const auto email = name + "@example.com";
  web_client c(stack().base_url());
  c.get("/register");
  REQUIRE(c.post_form("/register", {{"username", name}, {"email", email}, {"password", k_password}})
              ->status == 200);

  // Unverified: the right password says so (403) and offers the resend form.
  c.get("/login");
  const auto early = c.post_form("/login", {{"login", name}, {"password", k_password}});
  REQUIRE(early->status == 403);
  CHECK_THAT(early->body, Catch::Contains("not verified") &&
                              Catch::Contains("name=\"email\" value=\"" + email + "\""));
  CHECK_FALSE(c.cookie("cambio_session"));
  // The resend sends a second link.
  const auto resend = c.post_form("/resend", {{"email", email}});
  CHECK(resend->status == 200);
  CHECK_THAT(resend->body, Catch::Contains("If an account with this email"));
  const auto second = stack().wait_for_link(email, "/verify?token=", 1);

  const auto path = second.substr(stack().base_url().size());
  const auto ok = c.get(path);
  REQUIRE(ok->status == 200);
  CHECK_THAT(ok->body, Catch::Contains("Email verified"));
  const auto reused = c.get(path);
  CHECK(reused->status == 400);
  CHECK_THAT(reused->body, Catch::Contains("not valid or has already been used"));
  CHECK(c.get("/verify?token=garbage")->status == 400);

  c.get("/login");
  CHECK(c.post_form("/login", {{"login", email}, {"password", k_password}})->status == 303);
}

TEST_CASE("verification: an expired link is refused and says so", "[accounts][integration]") {
  const auto name = unique("exp");
  const auto email = name + "@example.com";
  web_client c(stack().base_url());
  c.get("/register");
  REQUIRE(c.post_form("/register", {{"username", name}, {"email", email}, {"password", k_password}})
              ->status == 200);
  const auto link = stack().wait_for_link(email, "/verify?token=");
  stack().expire_verification(link);
  const auto res = c.get(link.substr(stack().base_url().size()));
  CHECK(res->status == 410);
  CHECK_THAT(res->body, Catch::Contains("has expired") && Catch::Contains("href=\"/resend\""));
  // Still pending: the right password says so.
  c.get("/login");
  CHECK(c.post_form("/login", {{"login", name}, {"password", k_password}})->status == 403);
}

TEST_CASE("resend: the same answer for unknown emails, limited per client address",
          "[accounts][integration]") {
  web_client c(stack().base_url());
  c.get("/resend");
  const auto unknown = c.post_form("/resend", {{"email", unique("nobody") + "@example.com"}});
  CHECK(unknown->status == 200);
  CHECK_THAT(unknown->body, Catch::Contains("If an account with this email"));
  const auto bad = c.post_form("/resend", {{"email", "not-an-email"}});
  CHECK(bad->status == 400);
  // The stack allows 4 resends per address and hour: this client has used 2.
  for (int i = 0; i < 2; ++i) {
    CHECK(c.post_form("/resend", {{"email", unique("n") + "@example.com"}})->status == 200);
  }
  const auto limited = c.post_form("/resend", {{"email", unique("n") + "@example.com"}});
  REQUIRE(limited->status == 429);
  CHECK_THAT(limited->body, Catch::Contains("Too many verification requests"));
  const auto retry = std::stoi(limited->get_header_value("Retry-After"));
  CHECK(retry > 0);
  CHECK(retry <= 3600);
  // Another address is not affected.
  web_client other(stack().base_url());
  other.get("/resend");
  CHECK(other.post_form("/resend", {{"email", unique("n") + "@example.com"}})->status == 200);
}

TEST_CASE("login: wrong password and unknown account answer alike, the session cookie",
          "[accounts][integration]") {
  const auto name = unique("log");
  auto alice = signed_in_user(name, name + "@example.com");
  const auto sid = alice.cookie("cambio_session");
  REQUIRE(sid);
  CHECK(sid->size() == 43);

  web_client c(stack().base_url());
  c.get("/login");
  const auto wrong = c.post_form("/login", {{"login", name}, {"password", "wrong password!"}});
  const auto unknown =
      c.post_form("/login", {{"login", unique("ghost")}, {"password", "wrong password!"}});
  REQUIRE(wrong->status == 401);
  REQUIRE(unknown->status == 401);
  const auto error = [](const std::string& body) {
    std::smatch m;
    std::regex_search(body, m, std::regex(R"(id="form-error" role="alert">([^<]*)<)"));
    return m.str(1);
  };
  CHECK(error(wrong->body) == error(unknown->body));
  CHECK_FALSE(error(wrong->body).empty());

  // The cookie's attributes over http.
  c.get("/login");
  const auto ok = c.post_form("/login", {{"login", name}, {"password", k_password}});
  REQUIRE(ok->status == 303);
  CHECK(ok->get_header_value("Location") == "/profile");
  bool seen = false;
  for (const auto& h : c.last_set_cookies()) {
    if (h.rfind("cambio_session=", 0) != 0) continue;
    seen = true;
    CHECK_THAT(h, Catch::Contains("; HttpOnly") && Catch::Contains("; SameSite=Lax") &&
                      Catch::Contains("; Path=/") && !Catch::Contains("Secure"));
  }
  CHECK(seen);
}

TEST_CASE("sessions: rotated at login, revoked at logout", "[accounts][integration]") {
  const auto name = unique("ses");
  auto c = signed_in_user(name, name + "@example.com");
  const auto first = *c.cookie("cambio_session");

  // Logging in again from the same browser replaces the session: the old id is worthless.
  c.get("/login");  // redirects: already signed in
  c.get("/profile");
  const auto again = c.post_form("/login", {{"login", name}, {"password", k_password}});
  REQUIRE(again->status == 303);
  const auto second = *c.cookie("cambio_session");
  CHECK(second != first);
  web_client old(stack().base_url());
  old.set_cookie("cambio_session", first);
  const auto stale = old.get("/profile");
  CHECK(stale->status == 303);
  CHECK(stale->get_header_value("Location") == "/login");

  // Logout revokes it server-side: replaying the cookie does not sign in.
  REQUIRE(c.get("/profile")->status == 200);
  const auto out = c.post_form("/logout", {});
  CHECK(out->status == 303);
  CHECK_FALSE(c.cookie("cambio_session"));
  web_client replay(stack().base_url());
  replay.set_cookie("cambio_session", second);
  CHECK(replay.get("/profile")->status == 303);
}

TEST_CASE("CSRF: every state-changing request needs the page's token", "[accounts][integration]") {
  web_client anon(stack().base_url());
  anon.get("/login");
  CHECK(anon.post_form("/login", {{"login", "x"}, {"password", "y"}}, false)->status == 403);
  CHECK(anon.post_form("/register", {{"username", "x"}}, false)->status == 403);
  // A POST with no csrf cookie at all, as another site's form would send it.
  web_client stranger(stack().base_url());
  const auto forged = stranger.post_form("/login", {{"login", "x"}, {"password", "y"}}, false);
  CHECK(forged->status == 403);
  CHECK_THAT(forged->body, Catch::Contains("did not come from this site"));

  const auto name = unique("csrf");
  auto c = signed_in_user(name, name + "@example.com");
  const auto token = c.csrf();
  CHECK(c.post_form("/profile/currency", {{"default_currency", "JPY"}}, false)->status == 403);
  CHECK(
      c.post_form("/profile/currency", {{"default_currency", "JPY"}, {"csrf", token + "x"}}, false)
          ->status == 403);
  CHECK(c.post_form("/logout", {}, false)->status == 403);
  // The anonymous token of another visitor does not pass for this session.
  CHECK(
      c.post_form("/profile/currency", {{"default_currency", "JPY"}, {"csrf", anon.csrf()}}, false)
          ->status == 403);
  CHECK_THAT(c.get("/profile")->body, !Catch::Contains("<option value=\"JPY\" selected>"));
}

TEST_CASE("throttling: after 3 failures the login says to wait, with Retry-After",
          "[accounts][integration]") {
  const auto name = unique("thr");
  auto c = signed_in_user(name, name + "@example.com");
  web_client attacker(stack().base_url());
  attacker.get("/login");
  for (int i = 0; i < 3; ++i) {
    CHECK(attacker
              .post_form("/login",
                         {{"login", name}, {"password", "guess number " + std::to_string(i)}})
              ->status == 401);
  }
  const auto locked = attacker.post_form("/login", {{"login", name}, {"password", k_password}});
  REQUIRE(locked->status == 429);
  CHECK_THAT(locked->body, Catch::Contains("Too many failed attempts"));
  const auto retry = std::stoi(locked->get_header_value("Retry-After"));
  CHECK(retry > 0);
  CHECK(retry <= 60);
}

TEST_CASE("profile: default currency, password change, picture with caching",
          "[accounts][integration]") {
  const auto name = unique("pro");
  auto c = signed_in_user(name, name + "@example.com");

  // Currency.
  const auto saved = c.post_form("/profile/currency", {{"default_currency", "JPY"}});
  REQUIRE(saved->status == 303);
  CHECK_THAT(c.get("/profile")->body, Catch::Contains("<option value=\"JPY\" selected>"));
  const auto retired = c.post_form("/profile/currency", {{"default_currency", "HRK"}});
  CHECK(retired->status == 400);
  CHECK_THAT(retired->body, Catch::Contains("HRK is retired"));

  // Picture: the default first, then an upload, then 304 on revalidation.
  const auto none = c.get("/profile/picture");
  REQUIRE(none->status == 200);
  CHECK(none->get_header_value("Content-Type") == "image/svg+xml");
  const auto upload =
      c.post_multipart("/profile/picture", {{"picture", png_of(300, 200), "me.png", "image/png"}});
  REQUIRE(upload->status == 303);
  const auto pic = c.get("/profile/picture");
  REQUIRE(pic->status == 200);
  CHECK(pic->get_header_value("Content-Type") == "image/png");
  CHECK_THAT(pic->get_header_value("Cache-Control"), Catch::Contains("private"));
  const auto etag = pic->get_header_value("ETag");
  CHECK(std::regex_match(etag, std::regex(R"("[0-9a-f]{64}")")));
  CHECK(pic->body.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(pic->body.substr(16, 8) == std::string("\0\0\1\0\0\0\1\0", 8));  // 256×256
  const auto cached = c.get("/profile/picture", {{"If-None-Match", etag}});
  CHECK(cached->status == 304);
  CHECK(cached->body.empty());

  // Refusals: a text file named .png, a truncated PNG, over 2 MB. The stored picture stays.
  const auto text =
      c.post_multipart("/profile/picture", {{"picture", "I am text", "evil.png", "image/png"}});
  CHECK(text->status == 400);
  CHECK_THAT(text->body, Catch::Contains("not an image we accept"));
  const auto truncated = c.post_multipart(
      "/profile/picture", {{"picture", png_of(64, 64).substr(0, 60), "cut.png", "image/png"}});
  CHECK(truncated->status == 400);
  CHECK_THAT(truncated->body, Catch::Contains("damaged or incomplete"));
  auto big = png_of(4, 4);
  big.resize(2 * 1024 * 1024 + 10, '\0');
  const auto large =
      c.post_multipart("/profile/picture", {{"picture", big, "big.png", "image/png"}});
  CHECK(large->status == 413);
  CHECK_THAT(large->body, Catch::Contains("larger than 2 MB"));
  CHECK(c.get("/profile/picture", {{"If-None-Match", etag}})->status == 304);

  // Password change: a wrong current one is refused, a good one ends the other sessions.
  web_client other = signed_in_user(unique("tmp"), unique("tmp") + "@example.com");
  web_client second(stack().base_url());
  second.get("/login");
  REQUIRE(second.post_form("/login", {{"login", name}, {"password", k_password}})->status == 303);
  c.get("/profile");
  const auto wrong = c.post_form(
      "/profile/password",
      {{"current_password", "nope nope nope"}, {"new_password", "another long passphrase here"}});
  CHECK(wrong->status == 400);
  CHECK_THAT(wrong->body, Catch::Contains("current password is wrong"));
  const auto changed = c.post_form(
      "/profile/password",
      {{"current_password", k_password}, {"new_password", "another long passphrase here"}});
  CHECK(changed->status == 303);
  CHECK(c.get("/profile")->status == 200);       // this session stays
  CHECK(second.get("/profile")->status == 303);  // the other one ended
  CHECK(other.get("/profile")->status == 200);   // another user's is untouched
}

TEST_CASE("authorization: a user only ever sees their own data", "[accounts][integration]") {
  const auto a = unique("own");
  const auto b = unique("own");
  auto alice = signed_in_user(a, a + "@example.com");
  auto bob = signed_in_user(b, b + "@example.com");
  REQUIRE(
      alice.post_multipart("/profile/picture", {{"picture", png_of(32, 32), "a.png", "image/png"}})
          ->status == 303);
  // Bob asking with Alice's id anywhere still gets his own.
  for (const auto& path :
       {std::string("/profile/picture?user_id=1"), std::string("/profile/picture?user=") + a}) {
    const auto res = bob.get(path);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "image/svg+xml");
  }
  const auto page = bob.get("/profile?user_id=1&username=" + a);
  CHECK_THAT(page->body, Catch::Contains("id=\"profile-username\">" + b + "<") &&
                             !Catch::Contains(a + "@example.com"));
  bob.get("/profile");
  REQUIRE(
      bob.post_form("/profile/currency", {{"default_currency", "GBP"}, {"user_id", "1"}})->status ==
      303);
  CHECK_THAT(alice.get("/profile")->body, !Catch::Contains("<option value=\"GBP\" selected>"));
  // Without a session nothing is shown.
  web_client anon(stack().base_url());
  CHECK(anon.get("/profile/picture")->status == 401);
  CHECK(anon.get("/profile")->status == 303);
}

TEST_CASE("pages: shells, the stylesheet with its ETag, friendly 404", "[accounts][integration]") {
  web_client c(stack().base_url());
  for (const char* shell : {"/wallet", "/orders"}) {
    const auto res = c.get(shell);
    REQUIRE(res->status == 200);
    CHECK_THAT(res->body, Catch::Contains("coming soon"));
  }
  // The alerts are built (tests/frontend/alerts_*): signed out, their page sends you to log in.
  const auto alerts = c.get("/alerts");
  CHECK(alerts->status == 303);
  CHECK(alerts->get_header_value("Location") == "/login");
  const auto css = c.get("/static/cambio.css");
  REQUIRE(css->status == 200);
  CHECK_THAT(css->get_header_value("Content-Type"), Catch::StartsWith("text/css"));
  CHECK_THAT(css->get_header_value("Cache-Control"), Catch::Contains("max-age="));
  CHECK(c.get("/static/cambio.css", {{"If-None-Match", css->get_header_value("ETag")}})->status ==
        304);
  const auto missing = c.get("/no/such/page");
  CHECK(missing->status == 404);
  const auto login = c.get("/login");
  for (const auto* res : {&missing, &login}) {
    CHECK((*res)->get_header_value("X-Frame-Options") == "DENY");
    CHECK_THAT((*res)->get_header_value("Content-Security-Policy"),
               Catch::Contains("frame-ancestors 'none'") && Catch::Contains("script-src 'none'"));
    CHECK((*res)->get_header_value("Referrer-Policy") == "no-referrer");
  }
  CHECK_THAT(missing->body, Catch::Contains("Page not found") && Catch::Contains("/no/such/page") &&
                                Catch::Contains("/static/cambio.css"));
}

TEST_CASE("db-proxy down: the pages that need it answer 503 within the deadline",
          "[accounts][integration]") {
  const auto name = unique("down");
  auto c = signed_in_user(name, name + "@example.com");
  stack().stop_db_proxy();
  // The client waits 15 s at most; the page's deadline is 3 s: an answer at all means no hang.
  const auto res = c.get("/profile");
  stack().start_db_proxy();
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK_THAT(res->body,
             Catch::Contains("Service unavailable") && Catch::Contains("not answering right now"));
  CHECK(res->get_header_value("Retry-After") == "10");
  // The session survives: once db-proxy is back, the profile shows again.
  CHECK(cambio::testing::eventually([&] { return c.get("/profile")->status == 200; },
                                    std::chrono::seconds(60)));
}
