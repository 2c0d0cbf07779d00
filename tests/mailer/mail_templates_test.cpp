// The mail templates: each embedded template renders with the params of the accounts contract;
// a missing param or an unknown template is an error naming it; values are HTML-escaped in the
// HTML part only; the variables of a template are found.

#include <catch2/catch.hpp>

#include "mailer/mail_templates.hpp"

using namespace cambio::mailer;
using nlohmann::json;

TEST_CASE("the variables a template uses", "[mailer][unit]") {
  CHECK(template_variables("Hi {{name}}, {{{raw}}} {{& amp }} {{#opt}}x{{/opt}}{{^no}}y{{/no}}"
                           "{{! comment}}") == std::set<std::string>{"name", "raw", "amp"});
  CHECK(template_variables("no tags").empty());
}

TEST_CASE("every template of the contract renders with its params", "[mailer][unit]") {
  const auto& t = mail_templates::embedded();
  CHECK(t.names() ==
        std::vector<std::string>{"already_registered", "test", "username_taken", "verify_email"});
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
  };
  for (const auto& [name, p] : params) {
    INFO(name);
    const auto mail = t.render(name, p);
    CHECK_FALSE(mail.subject.empty());
    CHECK(mail.subject.find('\n') == std::string::npos);
    CHECK(mail.html.starts_with("<!DOCTYPE html>"));
    for (const auto& [key, value] : p.items()) {
      const auto text = value.get<std::string>();
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
