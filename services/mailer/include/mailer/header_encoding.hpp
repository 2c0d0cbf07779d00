#pragma once
// Header text for RFC 5322 messages: values that must stay on one line, non-ASCII text as RFC 2047
// encoded-words, mailboxes ("Cambio <no-reply@cambio.localhost>") and the Date header.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cambio::mailer {

// `text` for an unstructured header (Subject): unchanged when it is printable ASCII (CR, LF and
// other controls become spaces, so a value can never start a header of its own); otherwise
// UTF-8 "B" encoded-words of at most 75 characters each, split between characters, folded onto
// continuation lines ("\r\n ").
std::string encode_header_text(std::string_view text);

// A mailbox: the address, and an optional display name.
struct mailbox {
  std::string display_name;
  std::string address;  // addr-spec: local@domain
};

// Parses "Name <local@domain>", "\"Name, Inc.\" <local@domain>" or "local@domain"; nullopt for
// anything else.
std::optional<mailbox> parse_mailbox(std::string_view text);

// "Name <local@domain>" with the name quoted when it holds specials, encoded when not ASCII;
// "local@domain" without a name.
std::string format_mailbox(const mailbox& m);

// The domain of an addr-spec ("cambio.localhost" of "no-reply@cambio.localhost").
std::string_view address_domain(std::string_view address);

// RFC 5322 date-time in UTC: "Sun, 22 Nov 2026 21:22:09 +0000".
std::string rfc5322_date(std::chrono::system_clock::time_point t);

}  // namespace cambio::mailer
