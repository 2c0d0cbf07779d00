// The alerts of the frontend end to end over HTTP, against the real db-proxy (migration 005, the
// db.alerts.* queues), rates-ingestor on the ECB file, the mailer, the broker and PostgreSQL
// (accounts_stack.hpp with rates): the pages (list with the current ratio and its date, filters,
// keyset pages, create with every validation message, pause/resume, delete, the alert page), the
// JSON API (/api/v1/alerts), the signed one-click unsubscribe links as db-proxy stored them, and
// the refusals: CSRF missing, another user's ids, bad input, the per-user limit, no token,
// db-proxy down (503) and rates-ingestor down (the alerts without their ratios).

#include <cmath>
#include <memory>
#include <regex>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::web_client;
using Catch::Contains;
using nlohmann::json;

namespace {

constexpr int k_per_user = 25;

accounts_stack& stack() {
  static auto s = std::make_unique<accounts_stack>(
      std::map<std::string, std::string>{{"CAMBIO_ALERTS_PER_USER", std::to_string(k_per_user)},
                                         {"CAMBIO_API_RATE_LIMIT", "1000"}},
      2, cambio::testing::stack_services{.rates = true});
  return *s;
}

const std::string k_password = "correct horse battery staple";

std::string unique(const std::string& prefix) { return cambio::testing::unique_name(prefix); }

struct user {
  std::string name;
  web_client web;
  std::string access_token;
};

// Registers, follows the mailed link, logs in on the pages and through the API.
user signed_up(const std::string& prefix) {
  const auto name = unique(prefix);
  const auto email = name + "@example.com";
  web_client c(stack().base_url());
  REQUIRE(c.get("/register")->status == 200);
  REQUIRE(c.post_form("/register", {{"username", name}, {"email", email}, {"password", k_password}})
              ->status == 200);
  const auto link = stack().wait_for_link(email, "/verify?token=");
  REQUIRE(c.get(link.substr(stack().base_url().size()))->status == 200);
  REQUIRE(c.get("/login")->status == 200);
  REQUIRE(c.post_form("/login", {{"login", name}, {"password", k_password}})->status == 303);
  httplib::Client api("127.0.0.1", stack().port());
  const auto token =
      api.Post("/api/v1/token", json{{"username", name}, {"password", k_password}}.dump(),
               "application/json");
  REQUIRE(token);
  REQUIRE(token->status == 200);
  return {name, c, json::parse(token->body).at("access_token").get<std::string>()};
}

httplib::Client api_client() {
  httplib::Client c("127.0.0.1", stack().port());
  c.set_read_timeout(std::chrono::seconds(15));
  return c;
}

httplib::Headers bearer(const user& u) { return {{"Authorization", "Bearer " + u.access_token}}; }

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->status << " " << r->body);
  const auto b = json::parse(r->body, nullptr, false);
  REQUIRE(b.is_object());
  return b;
}

std::string error_code(const httplib::Result& r, int status) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  return body_of(r).at("error").at("code").get<std::string>();
}

json create_api(const user& u, const json& body, int status = 201) {
  auto c = api_client();
  const auto r = c.Post("/api/v1/alerts", bearer(u), body.dump(), "application/json");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == status);
  return body_of(r);
}

// The ratio base/quote from rates.latest, as the page should show it.
double expected_ratio(const std::string& base, const std::string& quote, std::string* date) {
  const auto latest = stack().rpc().call("rates.latest", json::object());
  *date = latest.at("date").get<std::string>();
  const auto rate = [&](const std::string& c) {
    return c == latest.at("base") ? 1.0 : latest.at("rates").at(c).get<double>();
  };
  return rate(quote) / rate(base);
}

// The id of the newest alert row on a list page, 0 if none.
std::int64_t first_alert_id(const std::string& html) {
  static const std::regex row(R"re(<tr id="alert-(\d+)")re");
  std::smatch m;
  return std::regex_search(html, m, row) ? std::stoll(m[1]) : 0;
}

std::size_t rows_of(const std::string& html) {
  static const std::regex row(R"(<tr id="alert-\d+")");
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(html.begin(), html.end(), row), std::sregex_iterator()));
}

}  // namespace

TEST_CASE("pages: create an alert, see its current ratio and date, pause, resume, delete",
          "[alerts][integration]") {
  auto alice = signed_up("alice");
  auto& c = alice.web;
  const auto empty = c.get("/alerts");
  REQUIRE(empty->status == 200);
  CHECK_THAT(empty->body, Contains("You have no alerts yet") && Contains("id=\"create-form\""));
  CHECK(empty->get_header_value("Cache-Control") == "no-store");

  const auto created = c.post_form("/alerts", {{"base", "EUR"},
                                               {"quote", "USD"},
                                               {"threshold", "1.085"},
                                               {"condition", "crosses"},
                                               {"mode", "once"},
                                               {"delivery", "instant"}});
  REQUIRE(created->status == 303);
  CHECK(created->get_header_value("Location") == "/alerts?saved=created");
  const auto list = c.get("/alerts?saved=created");
  REQUIRE(list->status == 200);
  CHECK_THAT(list->body, Contains("Your alert is created.") && Contains("EUR/USD") &&
                             Contains("crosses 1.085") && Contains("never"));
  std::string date;
  const auto ratio = expected_ratio("EUR", "USD", &date);
  static const std::regex shown(
      R"(<span class="ratio">([0-9.]+)</span><br><span class="hint rate-date">([0-9-]+)</span>)");
  std::smatch m;
  REQUIRE(std::regex_search(list->body, m, shown));
  CHECK(std::stod(m[1]) == Approx(ratio).epsilon(1e-5));
  CHECK(m[2] == date);
  const auto id = first_alert_id(list->body);
  REQUIRE(id > 0);
  const auto path = "/alerts/" + std::to_string(id);

  // The alert's page: its facts, no history yet.
  const auto page = c.get(path);
  REQUIRE(page->status == 200);
  CHECK_THAT(page->body, Contains("<span id=\"pair\">EUR/USD</span>") &&
                             Contains("id=\"no-history\"") && Contains(date));

  // Pause from the alert page (back to it), resume from the list.
  REQUIRE(c.post_form(path + "/pause", {{"from", "alert"}})->get_header_value("Location") ==
          path + "?saved=paused");
  CHECK_THAT(c.get(path)->body, Contains("id=\"status\">paused<"));
  CHECK_THAT(c.get("/alerts?status=paused")->body, Contains("id=\"alert-" + std::to_string(id)));
  CHECK(rows_of(c.get("/alerts?status=active")->body) == 0);
  REQUIRE(c.post_form(path + "/resume", {})->get_header_value("Location") ==
          "/alerts?saved=active");
  CHECK_THAT(c.get(path)->body, Contains("id=\"status\">active<"));

  // A double submit of one form (the same public_id) makes one alert.
  c.get("/alerts");
  static const std::regex form_id(R"re(name="public_id" value="([0-9a-f-]{36})")re");
  std::smatch fm;
  const auto form_page = c.get("/alerts");
  REQUIRE(std::regex_search(form_page->body, fm, form_id));
  const httplib::Params twice = {{"base", "GBP"},
                                 {"quote", "JPY"},
                                 {"threshold", "190"},
                                 {"condition", "above"},
                                 {"mode", "repeat"},
                                 {"cooldown_s", "3600"},
                                 {"delivery", "daily_digest"},
                                 {"public_id", fm[1]}};
  CHECK(c.post_form("/alerts", twice)->get_header_value("Location") == "/alerts?saved=created");
  CHECK(c.post_form("/alerts", twice)->get_header_value("Location") == "/alerts?saved=exists");
  const auto two = c.get("/alerts");
  CHECK(rows_of(two->body) == 2);
  CHECK_THAT(two->body, Contains("above 190") && Contains("repeats, at most every 1 hour") &&
                            Contains("daily digest"));
  CHECK(rows_of(c.get("/alerts?base=GBP&quote=JPY")->body) == 1);
  CHECK(rows_of(c.get("/alerts?base=EUR")->body) == 1);
  // A bad filter is a 400 page that says why.
  const auto bad_filter = c.get("/alerts?base=XYZ");
  CHECK(bad_filter->status == 400);
  CHECK_THAT(bad_filter->body, Contains("unknown currency"));

  // Delete.
  const auto deleted = c.post_form(path + "/delete", {});
  REQUIRE(deleted->status == 303);
  CHECK(deleted->get_header_value("Location") == "/alerts?saved=deleted");
  CHECK(c.get(path)->status == 404);
  CHECK(rows_of(c.get("/alerts")->body) == 1);
}

TEST_CASE("pages: validation messages, keyset pages, the per-user limit", "[alerts][integration]") {
  auto bob = signed_up("bob");
  auto& c = bob.web;
  c.get("/alerts");
  const auto refused = [&](httplib::Params fields, const std::string& message) {
    INFO(message);
    const auto r = c.post_form("/alerts", fields);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK_THAT(r->body, Contains(message) && Contains("id=\"form-error\""));
  };
  refused({{"base", "XYZ"}, {"quote", "USD"}, {"threshold", "1.1"}},
          "Unknown currency &#39;XYZ&#39;.");
  refused({{"base", "EUR"}, {"quote", "EUR"}, {"threshold", "1.1"}},
          "Choose two different currencies (EUR twice).");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "0"}},
          "The threshold must be greater than 0.");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "-3"}},
          "The threshold must be greater than 0.");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "abc"}}, "must be a number");
  refused({{"base", "EUR"},
           {"quote", "USD"},
           {"threshold", "2"},
           {"condition", "change_pct"},
           {"window_days", "400"}},
          "1 to 365");
  // The refused form keeps what was typed.
  const auto kept =
      c.post_form("/alerts", {{"base", "CHF"}, {"quote", "CHF"}, {"threshold", "0.9"}});
  CHECK_THAT(kept->body,
             Contains("<option value=\"CHF\" selected>CHF — ") && Contains("value=\"0.9\""));
  CHECK(rows_of(c.get("/alerts")->body) == 0);

  // 21 alerts: the first page shows 20 and links the next, which shows the oldest.
  for (int i = 0; i < 21; ++i) {
    create_api(bob, {{"base", "USD"}, {"quote", "JPY"}, {"threshold", std::to_string(100 + i)}});
  }
  const auto first = c.get("/alerts");
  CHECK(rows_of(first->body) == 20);
  static const std::regex next(R"re(id="next-page" href="([^"]+)")re");
  std::smatch m;
  REQUIRE(std::regex_search(first->body, m, next));
  const auto second = c.get(std::regex_replace(m[1].str(), std::regex("&amp;"), "&"));
  REQUIRE(second->status == 200);
  CHECK(rows_of(second->body) == 1);
  CHECK_THAT(second->body, Contains("crosses 100<") && Contains("id=\"first-page\""));
  CHECK_THAT(second->body, !Contains("id=\"next-page\""));

  // Up to CAMBIO_ALERTS_PER_USER (25): the 26th is refused with a sentence.
  for (int i = 21; i < k_per_user; ++i) {
    create_api(bob, {{"base", "USD"}, {"quote", "JPY"}, {"threshold", std::to_string(100 + i)}});
  }
  const auto over = c.post_form("/alerts", {{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1"}});
  CHECK(over->status == 429);
  CHECK_THAT(over->body, Contains("at most 25 alerts") && Contains("limit"));
  const auto api_over = api_client().Post(
      "/api/v1/alerts", bearer(bob),
      json{{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1"}}.dump(), "application/json");
  CHECK(error_code(api_over, 429) == "resource_exhausted");
}

TEST_CASE("pages: CSRF, sessions and another user's alerts", "[alerts][integration]") {
  auto alice = signed_up("carol");
  auto mallory = signed_up("mallory");
  const auto mine = create_api(alice, {{"base", "EUR"}, {"quote", "GBP"}, {"threshold", "0.9"}});
  const auto path = "/alerts/" + mine.at("id").dump();

  // Without the CSRF token nothing changes.
  alice.web.get("/alerts");
  CHECK(alice.web
            .post_form("/alerts", {{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1"}}, false)
            ->status == 403);
  CHECK(alice.web.post_form(path + "/pause", {}, false)->status == 403);
  CHECK(alice.web.post_form(path + "/delete", {}, false)->status == 403);
  CHECK(alice.web.post_form(path + "/delete", {{"csrf", "not-the-token"}}, false)->status == 403);
  CHECK(rows_of(alice.web.get("/alerts")->body) == 1);

  // Another user: not shown, not found, not changed.
  mallory.web.get("/alerts");
  CHECK(rows_of(mallory.web.get("/alerts")->body) == 0);
  CHECK(mallory.web.get(path)->status == 404);
  CHECK(mallory.web.post_form(path + "/pause", {})->status == 404);
  CHECK(mallory.web.post_form(path + "/delete", {})->status == 404);
  CHECK_THAT(alice.web.get(path)->body, Contains("id=\"status\">active<"));

  // Signed out: the pages send you to log in, the forms are refused.
  web_client anon(stack().base_url());
  const auto list = anon.get("/alerts");
  CHECK(list->status == 303);
  CHECK(list->get_header_value("Location") == "/login");
  CHECK(anon.get(path)->status == 303);
  anon.get("/login");
  CHECK(anon.post_form(path + "/delete", {})->status == 401);
  CHECK(anon.get("/alerts/abc")->status == 404);
}

TEST_CASE("the unsubscribe links db-proxy stored: confirm page, one-click POST, tampering",
          "[alerts][integration]") {
  auto dave = signed_up("dave");
  const auto one = create_api(dave, {{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1.2"}});
  const auto digest = create_api(
      dave,
      {{"base", "EUR"}, {"quote", "CHF"}, {"threshold", "0.95"}, {"delivery", "daily_digest"}});
  const auto url =
      stack().query_value("SELECT unsubscribe_url FROM alerts WHERE id = " + one.at("id").dump());
  const auto digest_url = stack().query_value(
      "SELECT digest_unsubscribe_url FROM alerts WHERE id = " + digest.at("id").dump());
  const auto manage_url =
      stack().query_value("SELECT manage_url FROM alerts WHERE id = " + one.at("id").dump());
  CHECK(manage_url == stack().base_url() + "/alerts");
  REQUIRE_THAT(url, Catch::StartsWith(stack().base_url() + "/alerts/unsubscribe?t="));
  REQUIRE_THAT(digest_url, Catch::StartsWith(stack().base_url() + "/alerts/unsubscribe?t="));
  CHECK(url != digest_url);
  const auto link = url.substr(stack().base_url().size());
  const auto status_of = [&](const json& alert) {
    auto c = api_client();
    return body_of(c.Get(("/api/v1/alerts/" + alert.at("id").dump()).c_str(), bearer(dave)))
        .at("status")
        .get<std::string>();
  };

  // GET only asks (mail scanners fetch links): nothing changes, no session needed.
  auto anon = api_client();
  const auto confirm = anon.Get(link.c_str());
  REQUIRE(confirm);
  CHECK(confirm->status == 200);
  CHECK_THAT(confirm->body, Contains("id=\"unsubscribe-form\"") && Contains("this alert"));
  CHECK(status_of(one) == "active");

  // RFC 8058: a POST with List-Unsubscribe=One-Click, no cookie, no CSRF token.
  const auto done =
      anon.Post(link.c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  REQUIRE(done);
  CHECK(done->status == 200);
  CHECK_THAT(done->body, Contains("id=\"unsubscribed\"") && Contains("the alert is paused"));
  CHECK(status_of(one) == "paused");
  CHECK(status_of(digest) == "active");
  // Again: idempotent.
  const auto again =
      anon.Post(link.c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  CHECK(again->status == 200);
  CHECK_THAT(again->body, Contains("Nothing left to pause"));

  // The digest link pauses the daily digest alerts.
  const auto digest_link = digest_url.substr(stack().base_url().size());
  CHECK_THAT(anon.Get(digest_link.c_str())->body, Contains("your daily digest"));
  const auto digest_done = anon.Post(digest_link.c_str(), "List-Unsubscribe=One-Click",
                                     "application/x-www-form-urlencoded");
  CHECK(digest_done->status == 200);
  CHECK_THAT(digest_done->body, Contains("1 daily digest alert paused"));
  CHECK(status_of(digest) == "paused");

  // Tampered: a changed signature, another scope with this signature, garbage → 400.
  auto flipped = link;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  const auto token = digest_link.substr(digest_link.find("t=") + 2);
  // The digest scope of user dave+1 with dave's signature.
  const auto forged = "/alerts/unsubscribe?t=ZGlnZXN0Ojk5OTk5" + token.substr(token.find('.'));
  for (const auto& bad : {flipped, forged, std::string("/alerts/unsubscribe?t=garbage"),
                          std::string("/alerts/unsubscribe")}) {
    INFO(bad);
    const auto get = anon.Get(bad.c_str());
    CHECK(get->status == 400);
    CHECK_THAT(get->body, Contains("not valid"));
    CHECK(anon.Post(bad.c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")
              ->status == 400);
  }
}

TEST_CASE("API: create, list with ratios and a keyset cursor, get, patch, delete",
          "[alerts][api][integration]") {
  auto erin = signed_up("erin");
  auto frank = signed_up("frank");
  auto c = api_client();

  const auto empty = body_of(c.Get("/api/v1/alerts", bearer(erin)));
  CHECK(empty.at("alerts").empty());
  CHECK(empty.at("next_after").is_null());

  const auto created = c.Post("/api/v1/alerts", bearer(erin),
                              json{{"base", "eur"},
                                   {"quote", "USD"},
                                   {"threshold", 1.085},
                                   {"condition", "change_pct"},
                                   {"window_days", 7},
                                   {"mode", "repeat"},
                                   {"cooldown_s", 86400}}
                                  .dump(),
                              "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto a = body_of(created);
  CHECK(created->get_header_value("Location") == "/api/v1/alerts/" + a.at("id").dump());
  CHECK(a.at("base") == "EUR");
  CHECK(a.at("threshold") == "1.085");
  CHECK(a.at("window_days") == 7);
  CHECK(a.at("cooldown_s") == 86400);
  CHECK(a.at("status") == "active");
  CHECK_FALSE(a.contains("public_id"));
  std::string date;
  CHECK(a.at("current").at("ratio").get<double>() ==
        Approx(expected_ratio("EUR", "USD", &date)).epsilon(1e-9));
  CHECK(a.at("current").at("date") == date);
  CHECK(a.at("current").at("source") == "rates");
  const auto id = a.at("id").dump();

  for (int i = 0; i < 2; ++i)
    create_api(erin, {{"base", "GBP"}, {"quote", "USD"}, {"threshold", "1.3"}});
  // Keyset pages of 2: newest first, then the oldest; filters.
  const auto page1 = body_of(c.Get("/api/v1/alerts?limit=2", bearer(erin)));
  REQUIRE(page1.at("alerts").size() == 2);
  CHECK(page1.at("alerts")[0].at("id").get<std::int64_t>() >
        page1.at("alerts")[1].at("id").get<std::int64_t>());
  REQUIRE(page1.at("next_after").is_number_integer());
  const auto page2 = body_of(c.Get(
      ("/api/v1/alerts?limit=2&after=" + page1.at("next_after").dump()).c_str(), bearer(erin)));
  REQUIRE(page2.at("alerts").size() == 1);
  CHECK(page2.at("alerts")[0].at("id").dump() == id);
  CHECK(page2.at("next_after").is_null());
  CHECK(page2.at("alerts")[0].at("current").at("ratio").is_number());
  CHECK(body_of(c.Get("/api/v1/alerts?base=GBP", bearer(erin))).at("alerts").size() == 2);
  CHECK(body_of(c.Get("/api/v1/alerts?quote=USD&base=EUR", bearer(erin))).at("alerts").size() == 1);
  CHECK(error_code(c.Get("/api/v1/alerts?status=gone", bearer(erin)), 400) == "invalid_argument");
  CHECK(error_code(c.Get("/api/v1/alerts?limit=500", bearer(erin)), 400) == "invalid_argument");

  // One alert with its history; PATCH its status.
  const auto got = body_of(c.Get(("/api/v1/alerts/" + id).c_str(), bearer(erin)));
  CHECK(got.at("history") == json::array());
  CHECK(got.at("condition") == "change_pct");
  const auto paused = c.Patch(("/api/v1/alerts/" + id).c_str(), bearer(erin),
                              R"({"status":"paused"})", "application/json");
  CHECK(body_of(paused).at("status") == "paused");
  CHECK(body_of(c.Get("/api/v1/alerts?status=paused", bearer(erin))).at("alerts").size() == 1);
  CHECK(error_code(c.Patch(("/api/v1/alerts/" + id).c_str(), bearer(erin), R"({"status":"done"})",
                           "application/json"),
                   400) == "invalid_argument");
  CHECK(error_code(c.Patch(("/api/v1/alerts/" + id).c_str(), bearer(erin),
                           R"({"status":"active","threshold":"2"})", "application/json"),
                   400) == "invalid_argument");
  CHECK(body_of(c.Patch(("/api/v1/alerts/" + id).c_str(), bearer(erin), R"({"status":"active"})",
                        "application/json"))
            .at("status") == "active");

  // Another user's id is a 404, whatever the method; nothing changes.
  CHECK(error_code(c.Get(("/api/v1/alerts/" + id).c_str(), bearer(frank)), 404) == "not_found");
  CHECK(error_code(c.Patch(("/api/v1/alerts/" + id).c_str(), bearer(frank),
                           R"({"status":"paused"})", "application/json"),
                   404) == "not_found");
  CHECK(error_code(c.Delete(("/api/v1/alerts/" + id).c_str(), bearer(frank)), 404) == "not_found");
  CHECK(body_of(c.Get("/api/v1/alerts", bearer(frank))).at("alerts").empty());
  CHECK(body_of(c.Get(("/api/v1/alerts/" + id).c_str(), bearer(erin))).at("status") == "active");

  // Delete: 204, then gone.
  const auto deleted = c.Delete(("/api/v1/alerts/" + id).c_str(), bearer(erin));
  REQUIRE(deleted);
  CHECK(deleted->status == 204);
  CHECK(deleted->body.empty());
  CHECK(error_code(c.Get(("/api/v1/alerts/" + id).c_str(), bearer(erin)), 404) == "not_found");
  CHECK(error_code(c.Delete(("/api/v1/alerts/" + id).c_str(), bearer(erin)), 404) == "not_found");
}

TEST_CASE("API: refusals — bad input, no token, wrong content", "[alerts][api][integration]") {
  auto gina = signed_up("gina");
  auto c = api_client();
  const auto refused = [&](const json& body, const std::string& field, const std::string& text) {
    INFO(body.dump());
    const auto r = c.Post("/api/v1/alerts", bearer(gina), body.dump(), "application/json");
    CHECK(error_code(r, 400) == "invalid_argument");
    const auto b = body_of(r);
    CHECK_THAT(b.at("error").at("details").at("fields").at(field).get<std::string>(),
               Contains(text));
  };
  refused({{"base", "XYZ"}, {"quote", "USD"}, {"threshold", "1"}}, "base",
          "Unknown currency 'XYZ'");
  refused({{"base", "USD"}, {"quote", "usd"}, {"threshold", "1"}}, "quote",
          "two different currencies");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "0.000"}}, "threshold",
          "greater than 0");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", -1}}, "threshold", "greater than 0");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1e5"}}, "threshold", "a number");
  refused({{"base", "EUR"}, {"quote", "USD"}}, "threshold", "Enter a threshold");
  refused({{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1"}, {"mode", "repeat"}}, "cooldown_s",
          "waits");
  CHECK(error_code(c.Post("/api/v1/alerts", bearer(gina),
                          R"({"base":"EUR","quote":"USD","threshold":"1","user_id":1})",
                          "application/json"),
                   400) == "invalid_argument");
  CHECK(error_code(c.Post("/api/v1/alerts", bearer(gina), "{not json", "application/json"), 400) ==
        "invalid_argument");
  CHECK(error_code(c.Post("/api/v1/alerts", bearer(gina), "base=EUR", "text/plain"), 400) ==
        "invalid_argument");
  // No token, a bad token.
  const auto none = c.Get("/api/v1/alerts");
  CHECK(error_code(none, 401) == "unauthenticated");
  CHECK(none->get_header_value("WWW-Authenticate") == R"(Bearer realm="cambio")");
  CHECK(error_code(c.Post("/api/v1/alerts", R"({"base":"EUR"})", "application/json"), 401) ==
        "unauthenticated");
  CHECK(error_code(c.Delete("/api/v1/alerts/1", {{"Authorization", "Bearer x.y.z"}}), 401) ==
        "unauthenticated");
  // Ids that are not ids, and unknown paths under the API, are JSON 404s.
  CHECK(error_code(c.Get("/api/v1/alerts/0", bearer(gina)), 404) == "not_found");
  CHECK(error_code(c.Delete("/api/v1/alerts/abc", bearer(gina)), 404) == "not_found");
  CHECK(error_code(c.Patch("/api/v1/alerts/abc", bearer(gina), "{}", "application/json"), 404) ==
        "not_found");
  CHECK(body_of(c.Get("/api/v1/alerts", bearer(gina))).at("alerts").empty());
  // Every answer is counted against the caller's rate limit.
  CHECK_FALSE(c.Get("/api/v1/alerts", bearer(gina))->get_header_value("RateLimit-Limit").empty());
}

TEST_CASE(
    "backends down: db-proxy → 503 within the deadline, rates-ingestor → alerts without "
    "their ratios",
    "[alerts][integration]") {
  auto hank = signed_up("hank");
  create_api(hank, {{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1.1"}});
  hank.web.get("/alerts");

  stack().stop_db_proxy();
  const auto started = std::chrono::steady_clock::now();
  const auto page = hank.web.get("/alerts");
  const auto api = api_client().Get("/api/v1/alerts", bearer(hank));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  const auto unsubscribe =
      api_client().Post("/alerts/unsubscribe?t=garbage", "", "application/x-www-form-urlencoded");
  stack().start_db_proxy();
  REQUIRE(page);
  CHECK(page->status == 503);
  CHECK_THAT(page->body, Contains("Service unavailable"));
  CHECK(page->get_header_value("Retry-After") == "10");
  // The queue is there with no consumer: the call runs out of time, answered as 503.
  CHECK(error_code(api, 503) == "deadline_exceeded");
  CHECK(api->get_header_value("Retry-After") == "10");
  CHECK(elapsed < std::chrono::seconds(9));  // two requests, 3 s deadline each (and slack)
  // A bad link is refused without asking db-proxy.
  CHECK(unsubscribe->status == 400);
  REQUIRE(cambio::testing::eventually([&] { return hank.web.get("/alerts")->status == 200; },
                                      std::chrono::seconds(60)));

  stack().stop_rates_ingestor();
  const auto without = hank.web.get("/alerts");
  REQUIRE(without->status == 200);
  CHECK_THAT(without->body, Contains("id=\"rates-missing\"") &&
                                Contains("<span class=\"ratio\">—</span>") && Contains("EUR/USD"));
  const auto api_without = body_of(api_client().Get("/api/v1/alerts", bearer(hank)));
  REQUIRE(api_without.at("alerts").size() == 1);
  CHECK(api_without.at("alerts")[0].at("current").is_null());
}
