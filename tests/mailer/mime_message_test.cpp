// The MIME message: quoted-printable that round-trips, keeps lines short and never starts a line
// with "." or "From "; the whole message with CRLF line ends only, the standard headers, a
// multipart/alternative body whose text and HTML parts decode back to what was given.

#include <catch2/catch.hpp>

#include "mail_text.hpp"
#include "mailer/mime_message.hpp"

using namespace cambio::mailer;
namespace mail = cambio::testing::mail;

namespace {

void check_lines(const std::string& text, std::size_t max) {
  for (const auto& line : mail::split_lines(text)) {
    INFO(line);
    CHECK(line.size() <= max);
    CHECK(line.find('\n') == std::string::npos);  // no bare LF
    CHECK(line.find('\r') == std::string::npos);  // no bare CR
    CHECK_FALSE(line.starts_with("."));
    CHECK_FALSE(line.starts_with("From "));
  }
}

mime_mail sample() {
  return {{"Cambio", "no-reply@cambio.localhost"},
          "ana@example.com",
          "Grüße from Cambio",
          "Hello ana,\n.\n.leading dot\nFrom here on\n" + std::string(200, 'x') +
              "\nprice = 10 €\ttrailing space \n",
          "<p>Hello <b>ana</b> — 10&nbsp;€</p>\r\n<p>" + std::string(150, 'y') + "</p>",
          "0b7e1a52-4c55-4f0e-9f43-0c1d5b9e2f11@cambio.localhost",
          std::chrono::system_clock::time_point(std::chrono::seconds(1795382529)),
          {}};
}

}  // namespace

TEST_CASE("quoted-printable round-trips, with short, dot-safe lines", "[mailer][unit]") {
  const std::string text = "a=b\n.dot\nFrom me\ntrailing \t\n" + std::string(300, 'z') +
                           "\nÄÖÜ ✓ " + std::string(100, '=') + "\n";
  const auto encoded = quoted_printable(text);
  check_lines(encoded, 76);
  std::string expected = text;
  // Line ends come back as CRLF.
  std::string crlf;
  for (const char c : expected) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(mail::decode_quoted_printable(encoded) == crlf);
  CHECK(encoded.find("a=3Db") != std::string::npos);
  CHECK(encoded.find("=2Edot") != std::string::npos);
  CHECK(encoded.find("=46rom me") != std::string::npos);
  CHECK(encoded.find("trailing =09") != std::string::npos);
  CHECK(quoted_printable("") == "");
  CHECK(quoted_printable("x\r\ny") == "x\r\ny\r\n");
}

TEST_CASE("the message: headers, CRLF only, both parts decode to the input", "[mailer][unit]") {
  auto input = sample();
  input.extra_headers.push_back({"List-Unsubscribe", "<https://cambio.example/u/1>"});
  const auto raw = build_mime_message(input);
  check_lines(raw, 78 + 0);
  CHECK(raw.find("\r\n\r\n") != std::string::npos);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n') REQUIRE((i > 0 && raw[i - 1] == '\r'));
  }
  const auto m = mail::parse_message(raw);
  CHECK(m.headers.at("from") == "Cambio <no-reply@cambio.localhost>");
  CHECK(m.headers.at("to") == "ana@example.com");
  CHECK(m.headers.at("subject").starts_with("=?UTF-8?B?"));
  CHECK(mail::decode_header_words(m.headers.at("subject")) == "Grüße from Cambio");
  CHECK(m.headers.at("date") == "Sun, 22 Nov 2026 21:22:09 +0000");
  CHECK(m.headers.at("message-id") == "<0b7e1a52-4c55-4f0e-9f43-0c1d5b9e2f11@cambio.localhost>");
  CHECK(m.headers.at("mime-version") == "1.0");
  CHECK(m.headers.at("list-unsubscribe") == "<https://cambio.example/u/1>");
  CHECK(m.headers.at("content-type").starts_with("multipart/alternative; boundary=\"=_"));
  REQUIRE(m.parts.size() == 2);
  CHECK(m.parts[0].headers.at("content-type") == "text/plain; charset=UTF-8");
  CHECK(m.parts[1].headers.at("content-type") == "text/html; charset=UTF-8");
  const auto crlf = [](std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) out += '\r';
      out += s[i];
    }
    return out;
  };
  CHECK(m.parts[0].body == crlf(input.text));
  CHECK(m.parts[1].body == crlf(input.html) + "\r\n");
}

TEST_CASE("verbatim headers: written as they are, unless they are not printable ASCII",
          "[mailer][unit]") {
  auto input = sample();
  input.extra_headers.push_back({"List-Unsubscribe", "<https://cambio.example/u?a=?b>", true});
  input.extra_headers.push_back({"X-Test", "a\r\nBcc: evil@example.com", true});
  const auto raw = build_mime_message(input);
  CHECK(raw.find("\r\nList-Unsubscribe: <https://cambio.example/u?a=?b>\r\n") != std::string::npos);
  // A control character makes the value text again: encoded onto one header, never a new one.
  CHECK(raw.find("\r\nBcc:") == std::string::npos);
  CHECK(raw.find("\r\nX-Test: a  Bcc: evil@example.com\r\n") != std::string::npos);
}
