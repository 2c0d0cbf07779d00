#pragma once
// The bytes of one mail as the SMTP DATA carries them (RFC 5322 + MIME): headers, then a
// multipart/alternative body with a text/plain and a text/html part, both UTF-8 in
// quoted-printable. Every line ends in CRLF and stays under 78 characters (headers may fold; a
// verbatim header such as a long List-Unsubscribe URL is the one exception, under 998); no
// line of the body starts with "." (dot-safe even before the SMTP client's dot-stuffing) or
// "From ".

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "mailer/header_encoding.hpp"

namespace cambio::mailer {

struct mail_header {
  std::string name;   // e.g. "List-Unsubscribe"
  std::string value;  // text, encoded by encode_header_text (unless verbatim)
  // The value is structured header text already (a List-Unsubscribe "<URL>"), written as it is:
  // an encoded-word there would break it. Only printable ASCII is written verbatim; anything
  // else is encoded all the same, so a value can never start a header of its own.
  bool verbatim = false;
};

struct mime_mail {
  mailbox from;
  std::string to;          // the recipient's address
  std::string subject;     // UTF-8
  std::string text;        // UTF-8, any line ends
  std::string html;        // UTF-8, any line ends
  std::string message_id;  // the whole id without brackets: "<left>@<domain>"
  std::chrono::system_clock::time_point date;
  std::vector<mail_header> extra_headers;  // after the standard ones (a template's own)
};

// `text` (UTF-8, any line ends) in quoted-printable with CRLF line ends, dot-safe.
std::string quoted_printable(std::string_view text);

// The whole message, CRLF line ends.
std::string build_mime_message(const mime_mail& mail);

}  // namespace cambio::mailer
