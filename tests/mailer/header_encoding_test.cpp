// Header text: ASCII stays readable, anything else becomes RFC 2047 encoded-words of at most 75
// characters split between UTF-8 characters; a value can never break out of its header line;
// mailboxes parse and print; the Date header's RFC 5322 form.

#include <catch2/catch.hpp>

#include "mail_text.hpp"
#include "mailer/header_encoding.hpp"

using namespace cambio::mailer;
using cambio::testing::mail::decode_header_words;
using cambio::testing::mail::split_lines;

TEST_CASE("printable ASCII headers stay as they are, and controls cannot start a new header",
          "[mailer][unit]") {
  CHECK(encode_header_text("Confirm your email for Cambio") == "Confirm your email for Cambio");
  CHECK(encode_header_text("a\r\nBcc: victim@example.com") == "a  Bcc: victim@example.com");
  // Text that looks like an encoded-word is encoded, so that it reads back as written.
  const auto tricky = encode_header_text("=?UTF-8?B?SGk=?=");
  CHECK(tricky.starts_with("=?UTF-8?B?"));
  CHECK(decode_header_words(tricky) == "=?UTF-8?B?SGk=?=");
}

TEST_CASE("non-ASCII headers become UTF-8 encoded-words of at most 75 characters",
          "[mailer][unit]") {
  const std::string subject = "Bestätigen Sie Ihre E-Mail-Adresse für Cambio — 确认您的电子邮件 ✓";
  const auto encoded = encode_header_text(subject);
  CHECK(encoded.starts_with("=?UTF-8?B?"));
  CHECK(decode_header_words(encoded) == subject);
  const auto lines = split_lines(encoded);
  CHECK(lines.size() > 1);  // folded
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    if (i > 0) CHECK(lines[i].starts_with(" =?UTF-8?B?"));
    CHECK(lines[i].size() <= 76);
  }
  // Each word decodes on its own to whole characters (no character split across words).
  for (const auto& line : lines) {
    const auto word = decode_header_words(line);
    CHECK((static_cast<unsigned char>(word.front()) & 0xC0) != 0x80);
  }
  CHECK(decode_header_words(encode_header_text("é")) == "é");
}

TEST_CASE("mailboxes: parse and format", "[mailer][unit]") {
  const auto m = parse_mailbox("Cambio <no-reply@cambio.localhost>");
  REQUIRE(m);
  CHECK(m->display_name == "Cambio");
  CHECK(m->address == "no-reply@cambio.localhost");
  CHECK(format_mailbox(*m) == "Cambio <no-reply@cambio.localhost>");

  const auto bare = parse_mailbox(" ops@example.com ");
  REQUIRE(bare);
  CHECK(bare->display_name.empty());
  CHECK(format_mailbox(*bare) == "ops@example.com");

  const auto quoted = parse_mailbox("\"Cambio, Inc.\" <a@b.c>");
  REQUIRE(quoted);
  CHECK(quoted->display_name == "Cambio, Inc.");
  CHECK(format_mailbox(*quoted) == "\"Cambio, Inc.\" <a@b.c>");

  const auto accented = format_mailbox({"Cambio Café", "a@b.c"});
  CHECK(accented.starts_with("=?UTF-8?B?"));
  CHECK(accented.ends_with(" <a@b.c>"));

  CHECK_FALSE(parse_mailbox("Cambio"));
  CHECK_FALSE(parse_mailbox("Cambio <no-reply>"));
  CHECK_FALSE(parse_mailbox("a@b@c"));
  CHECK_FALSE(parse_mailbox("<a b@c.d>"));
  CHECK(address_domain("no-reply@cambio.localhost") == "cambio.localhost");
}

TEST_CASE("Date in RFC 5322 form, UTC", "[mailer][unit]") {
  // 2026-11-22T21:22:09Z, a Sunday.
  const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1795382529));
  CHECK(rfc5322_date(t) == "Sun, 22 Nov 2026 21:22:09 +0000");
  CHECK(rfc5322_date(std::chrono::system_clock::time_point{}) == "Thu, 01 Jan 1970 00:00:00 +0000");
}
