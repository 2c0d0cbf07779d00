#pragma once
// Reading mails back in the tests: a message's headers and parts, decoded (RFC 2047 words,
// quoted-printable), and the files the SMTP sink writes to its Maildir.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cambio::testing::mail {

// Lines of `text` split on CRLF (a bare LF is kept inside a line, so a test can find it).
std::vector<std::string> split_lines(std::string_view text);

// Decodes "=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=" words (folding whitespace between words
// dropped); other text as it is.
std::string decode_header_words(std::string_view text);

// Decodes quoted-printable (soft breaks removed, CRLF kept).
std::string decode_quoted_printable(std::string_view text);

struct part {
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // decoded
};

struct message {
  std::string raw;
  std::map<std::string, std::string> headers;  // lower-case names; unfolded; first occurrence
  std::vector<part> parts;                     // of a multipart body (empty otherwise)
};

message parse_message(std::string raw);

// How many messages <maildir>/new holds (without reading them).
std::size_t count_maildir(const std::filesystem::path& maildir);

// Every message in <maildir>/new, oldest first.
std::vector<message> read_maildir(const std::filesystem::path& maildir);

// Messages in <maildir>/new whose X-RcptTo header contains `needle`.
std::vector<message> mails_to(const std::filesystem::path& maildir, const std::string& needle);

}  // namespace cambio::testing::mail
