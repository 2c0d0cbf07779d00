// The mail templates: each embedded template renders with the params of the accounts and alerts
// contracts; a missing param (also inside a list's objects) or an unknown template is an error
// naming it; lists of objects fill sections; values are HTML-escaped in the HTML part only; the
// variables of a template are found; list_unsubscribe gives the RFC 2369/8058 headers, byte for
// byte, and only for a valid http(s) URL.

#include <catch2/catch.hpp>

#include "mailer/delivery.hpp"
#include "mailer/mail_templates.hpp"

using namespace cambio::mailer;
using nlohmann::json;

namespace {

json alert_fired_params() {
  return {{"username", "ana"},
          {"pair", "EUR/USD"},
          {"base", "EUR"},
          {"quote", "USD"},
          {"condition", "crosses"},
          {"headline", "EUR/USD crossed 1.085 going up"},
          {"threshold", "1.085"},
          {"previous_ratio", "1.0832"},
          {"previous_date", "2026-11-20"},
          {"new_ratio", "1.0871"},
          {"new_date", "2026-11-23"},
          {"direction", "up"},
          {"manage_url", "http://127.0.0.1:8080/alerts/12"},
          {"list_unsubscribe", "http://127.0.0.1:8080/alerts/unsubscribe?t=YWxlcnQ6Ng.c2ln"}};
}

json digest_item(const std::string& headline, const std::string& new_ratio) {
  return {{"headline", headline},
          {"previous_ratio", "1.0832"},
          {"previous_date", "2026-11-20"},
          {"new_ratio", new_ratio},
          {"new_date", "2026-11-23"}};
}

json alert_digest_params() {
  return {{"username", "ana"},
          {"count", "2"},
          {"items_text",
           "EUR/USD crossed 1.085 going up: 1.0832 (2026-11-20) -> 1.0871 (2026-11-23)\n"
           "EUR/GBP above 0.87: 0.8690 (2026-11-20) -> 0.8712 (2026-11-23)"},
          {"items", json::array({digest_item("EUR/USD crossed 1.085 going up", "1.0871"),
                                 digest_item("EUR/GBP above 0.87 <&>", "0.8712")})},
          {"manage_url", "http://127.0.0.1:8080/alerts"},
          {"list_unsubscribe", "http://127.0.0.1:8080/alerts/unsubscribe?t=ZGlnZXN0OjQ.c2ln"}};
}

std::string header_bytes(const std::vector<mail_header>& headers) {
  mime_mail m{{"Cambio", "no-reply@cambio.localhost"},
              "ana@example.com",
              "s",
              "t",
              "<p>h</p>",
              "id@cambio.localhost",
              std::chrono::system_clock::time_point(std::chrono::seconds(1795382529)),
              headers};
  const auto raw = build_mime_message(m);
  return raw.substr(0, raw.find("\r\n\r\n") + 2);
}

}  // namespace

TEST_CASE("the variables a template uses", "[mailer][unit]") {
  CHECK(template_variables("Hi {{name}}, {{{raw}}} {{& amp }} {{#opt}}x{{/opt}}{{^no}}y{{/no}}"
                           "{{! comment}}") == std::set<std::string>{"name", "raw", "amp"});
  CHECK(template_variables("no tags").empty());
}

TEST_CASE("every template of the contract renders with its params", "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  CHECK(t.names() == std::vector<std::string>{"alert_digest", "alert_fired", "already_registered",
                                              "test", "username_taken", "verify_email"});
  const std::map<std::string, json> params = {
      {"verify_email",
       {{"username", "ana"},
        {"verify_url", "http://127.0.0.1:8080/verify?token=abc&x=1"},
        {"expires_at", "2026-11-23T21:00:00Z"}}},
      {"already_registered",
       {{"username", "ana"},
        {"login_url", "http://127.0.0.1:8080/login"},
        {"resend_url", "http://127.0.0.1:8080/verify/resend"}}},
      {"username_taken",
       {{"requested_username", "ana"}, {"register_url", "http://127.0.0.1:8080/register"}}},
      {"test", {{"text", "hello"}}},
      {"alert_fired", alert_fired_params()},
      {"alert_digest", alert_digest_params()},
  };
  for (const auto& [name, p] : params) {
    INFO(name);
    const auto mail = t.render(name, p);
    CHECK_FALSE(mail.subject.empty());
    CHECK(mail.subject.find('\n') == std::string::npos);
    CHECK(mail.html.starts_with("<!DOCTYPE html>"));
    for (const auto& [key, value] : p.items()) {
      if (!value.is_string()) continue;  // lists: the HTML part's section (below)
      const auto text = value.get<std::string>();
      INFO(key);
      CHECK(mail.text.find(text) != std::string::npos);
    }
  }
  const auto verify = t.render("verify_email", params.at("verify_email"));
  // The link as given in the text; HTML-escaped (&amp;) in the HTML.
  CHECK(verify.text.find("token=abc&x=1") != std::string::npos);
  CHECK(verify.html.find("token=abc&amp;x=1") != std::string::npos);
  CHECK(verify.html.find("token=abc&x=1") == std::string::npos);
}

TEST_CASE("an unknown template or a missing param is an error naming it", "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  CHECK_THROWS_WITH(t.render("nope", json::object()),
                    Catch::Contains("unknown mail template 'nope'"));
  CHECK_THROWS_AS(t.render("verify_email", {{"username", "ana"}}), template_error);
  CHECK_THROWS_WITH(t.render("verify_email", {{"username", "ana"}}),
                    Catch::Contains("expires_at, verify_url"));
  // Values that are not strings are rendered as JSON text, never refused.
  CHECK(t.render("test", {{"text", 42}}).text.starts_with("42"));
  // Script in a value stays text in the HTML part.
  const auto html = t.render("test", {{"text", "<script>alert(1)</script>"}}).html;
  CHECK(html.find("<script>") == std::string::npos);
}

TEST_CASE("template files: three per name, each parses", "[mailer][unit]") {
  CHECK_THROWS_WITH(mail_templates::from_files(
                        {{"templates/a.subject.mustache", "x"}, {"templates/a.txt.mustache", "x"}}),
                    Catch::Contains("a needs a .subject, a .txt and an .html file"));
  CHECK_THROWS_WITH(mail_templates::from_files({{"templates/a.body.mustache", "x"}}),
                    Catch::Contains("expected <name>.subject|txt|html.mustache"));
  const auto files = mail_templates::from_files({{"templates/a.subject.mustache", "Hi {{n}}\n"},
                                                 {"templates/a.txt.mustache", "{{n}}"},
                                                 {"templates/a.html.mustache", "<p>{{n}}</p>"}});
  CHECK(files.at("a").subject == "Hi {{n}}");  // the file's final newline is not the subject's
  CHECK_THROWS_WITH(mail_templates({{"b", {"{{#open}}", "x", "x"}}}),
                    Catch::Contains("mail template b.subject"));
  const mail_templates mine(files);
  CHECK(mine.render("a", {{"n", "ana"}}).subject == "Hi ana");
}

TEST_CASE("what a template needs: values outside sections, each list section's own",
          "[mailer][unit]") {
  const auto needs = template_requirements(
      "{{a}} {{#items}}{{x}} {{#nested}}{{y}}{{/nested}}{{^empty}}{{z}}{{/empty}}{{/items}}"
      "{{^none}}{{b}}{{/none}} {{#flag}}{{/flag}}{{{c}}}");
  CHECK(needs.variables == std::set<std::string>{"a", "b", "c"});
  CHECK(needs.sections ==
        std::map<std::string, std::set<std::string>>{{"items", {"x", "y", "z"}}, {"flag", {}}});
  // template_variables still names them all (sections or not).
  CHECK(template_variables("{{a}}{{#items}}{{x}}{{/items}}") == std::set<std::string>{"a", "x"});
}

TEST_CASE("a list param fills a section, each object must give the section's variables",
          "[mailer][unit]") {
  const mail_templates mine(
      {{"l",
        {"{{n}} item(s)", "{{#items}}- {{name}} for {{who}}\n{{/items}}{{^items}}none\n{{/items}}",
         "<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>"}}});
  const auto two = mine.render(
      "l", {{"n", "2"},
            {"who", "ana"},  // a param is seen from inside the section too
            {"items", json::array({{{"name", "a<b"}}, {{"name", "c"}, {"who", "bo"}}})}});
  CHECK(two.subject == "2 item(s)");
  CHECK(two.text == "- a<b for ana\n- c for bo\n");
  CHECK(two.html == "<ul><li>a&lt;b</li><li>c</li></ul>");
  // An empty list: the section is skipped, the inverted one shown; nothing is needed inside.
  const auto none = mine.render("l", {{"n", "0"}, {"items", json::array()}});
  CHECK(none.text == "none\n");
  CHECK(none.html == "<ul></ul>");
  // An object without a variable of the section (and no param of that name): an error naming
  // the object.
  CHECK_THROWS_WITH(
      mine.render("l", {{"n", "2"},
                        {"items", json::array({{{"name", "a"}, {"who", "x"}}, {{"who", "y"}}})}}),
      Catch::Contains("missing from the mail: items[1].name"));
  // Without the list, its variables are needed as params (a section is never a silent hole).
  CHECK_THROWS_WITH(mine.render("l", {{"n", "2"}}), Catch::Contains("name, who"));
  // Shapes: a list of non-objects, nested lists, a list used as a value.
  CHECK_THROWS_WITH(mine.render("l", {{"n", "1"}, {"who", "x"}, {"items", json::array({"a"})}}),
                    Catch::Contains("param 'items' is a list: it must hold objects of strings"));
  CHECK_THROWS_AS(mine.render("l", {{"n", "1"},
                                    {"who", "x"},
                                    {"items", json::array({{{"name", json::array({"deep"})}}})}}),
                  template_error);
  CHECK_THROWS_WITH(mine.render("l", {{"n", json::array()}, {"items", json::array()}}),
                    Catch::Contains("uses param 'n' as a value, but the mail gives a list"));
}

TEST_CASE("the alert mails show the pair, the ratios with their dates and both links",
          "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  const auto fired = t.render("alert_fired", alert_fired_params());
  CHECK(fired.subject == "Cambio alert: EUR/USD crossed 1.085 going up");
  for (const auto* part : {&fired.text, &fired.html}) {
    for (const auto* needle : {"EUR/USD", "1.085", "1.0832", "2026-11-20", "1.0871", "2026-11-23",
                               "up", "http://127.0.0.1:8080/alerts/12",
                               "http://127.0.0.1:8080/alerts/unsubscribe?t=YWxlcnQ6Ng.c2ln"}) {
      INFO(needle);
      CHECK(part->find(needle) != std::string::npos);
    }
  }
  CHECK(fired.html.find("href=\"http://127.0.0.1:8080/alerts/unsubscribe?t=YWxlcnQ6Ng.c2ln\"") !=
        std::string::npos);
  auto without = alert_fired_params();
  without.erase("previous_date");
  CHECK_THROWS_WITH(t.render("alert_fired", without), Catch::Contains("previous_date"));

  const auto digest = t.render("alert_digest", alert_digest_params());
  CHECK(digest.subject == "Your Cambio alerts: 2 fired");
  CHECK(digest.text.find("EUR/GBP above 0.87: 0.8690") != std::string::npos);
  // The HTML list: one <li> per item, values escaped.
  std::size_t items = 0;
  for (auto pos = digest.html.find("<li>"); pos != std::string::npos;
       pos = digest.html.find("<li>", pos + 1)) {
    ++items;
  }
  CHECK(items == 2);
  CHECK(digest.html.find("EUR/GBP above 0.87 &lt;&amp;&gt;") != std::string::npos);
  CHECK(digest.html.find("1.0871 on 2026-11-23") != std::string::npos);
  CHECK(digest.html.find("ZGlnZXN0OjQ.c2ln") != std::string::npos);
  auto broken = alert_digest_params();
  broken["items"][0].erase("new_date");
  CHECK_THROWS_WITH(t.render("alert_digest", broken), Catch::Contains("items[0].new_date"));
}

TEST_CASE("list_unsubscribe gives the one-click headers, byte for byte", "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  const std::string url = "https://cambio.example/alerts/unsubscribe?t=YWxlcnQ6Ng.c2ln=?x";
  auto params = alert_fired_params();
  params["list_unsubscribe"] = url;
  const auto fired = t.render("alert_fired", params);
  REQUIRE(fired.headers.size() == 2);
  const auto bytes = header_bytes(fired.headers);
  // Right after the standard headers, verbatim (no encoded-word even though it holds "=?").
  CHECK(bytes.find("MIME-Version: 1.0\r\n"
                   "List-Unsubscribe: <" +
                   url +
                   ">\r\n"
                   "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                   "Content-Type: multipart/alternative") != std::string::npos);
  // Any template: the param alone decides.
  const auto test = t.render("test", {{"text", "x"}, {"list_unsubscribe", "http://a.example/u"}});
  REQUIRE(test.headers.size() == 2);
  CHECK(test.headers[0].name == "List-Unsubscribe");
  CHECK(test.headers[0].value == "<http://a.example/u>");
  CHECK(test.headers[1].name == "List-Unsubscribe-Post");
  CHECK(test.headers[1].value == "List-Unsubscribe=One-Click");
  // No param, or an empty one: no headers.
  CHECK(t.render("test", {{"text", "x"}}).headers.empty());
  CHECK(t.render("test", {{"text", "x"}, {"list_unsubscribe", ""}}).headers.empty());
  CHECK(header_bytes(t.render("test", {{"text", "x"}}).headers).find("List-Unsubscribe") ==
        std::string::npos);
}

TEST_CASE("list_unsubscribe must be a printable http(s) URL", "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  for (const auto* good : {"http://x.example/u?t=a.b", "HTTPS://X.EXAMPLE/u", "https://h:8443/u"}) {
    INFO(good);
    CHECK(list_unsubscribe_headers(good).size() == 2);
  }
  const std::vector<std::string> bad = {"ftp://x.example/u",
                                        "mailto:unsubscribe@x.example",
                                        "javascript:alert(1)",
                                        "https://",
                                        "https:///path",
                                        "x.example/u",
                                        "https://x.example/a b",
                                        "https://x.example/<a>",
                                        "https://x.example/a>,<https://evil.example/",
                                        "https://x.example/\"",
                                        "https://x.example/\r\nBcc: evil@example.com",
                                        "https://x.example/\t",
                                        "https://x.example/caf\xc3\xa9",
                                        "https://x.example/" + std::string(900, 'a')};
  for (const auto& url : bad) {
    INFO(url);
    CHECK_THROWS_AS(list_unsubscribe_headers(url), template_error);
    CHECK_THROWS_WITH(
        t.render("test", {{"text", "x"}, {"list_unsubscribe", url}}),
        Catch::Contains("param 'list_unsubscribe' must be an http:// or https:// URL"));
  }
  CHECK(list_unsubscribe_headers("https://x.example/" + std::string(882, 'a')).size() == 2);
  CHECK_THROWS_WITH(t.render("test", {{"text", "x"}, {"list_unsubscribe", 7}}),
                    Catch::Contains("param 'list_unsubscribe' must be a string"));
}

TEST_CASE("a claimed alert mail becomes a message with its unsubscribe headers", "[mailer][unit]") {
  claimed_mail mail;
  mail.template_name = "alert_fired";
  mail.recipient = "ana@example.com";
  mail.params = alert_fired_params();
  mail.message_id = "4c1f";
  const auto raw = render_message(mail, mail_templates::embedded(),
                                  {"Cambio", "no-reply@cambio.localhost"}, "cambio.localhost",
                                  std::chrono::system_clock::time_point(std::chrono::seconds(0)));
  CHECK(raw.find("\r\nList-Unsubscribe: "
                 "<http://127.0.0.1:8080/alerts/unsubscribe?t=YWxlcnQ6Ng.c2ln>\r\n"
                 "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != std::string::npos);
  CHECK(raw.find("Subject: Cambio alert: EUR/USD crossed 1.085 going up\r\n") != std::string::npos);
}
