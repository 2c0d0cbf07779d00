#include "mailer/mime_message.hpp"

#include <algorithm>
#include <functional>

namespace cambio::mailer {
namespace {

constexpr std::size_t k_line_max = 76;  // RFC 2045: encoded lines are at most 76 characters

// The boundary starts with "=_": quoted-printable output can never contain it ("=" there is
// always followed by two hex digits or a line break).
std::string boundary_for(const std::string& message_id) {
  return "=_cambio_" + std::to_string(std::hash<std::string>{}(message_id));
}

void append_hex(std::string& out, unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out += '=';
  out += digits[c >> 4];
  out += digits[c & 15];
}

// One input line (no line break) as quoted-printable lines, each ended by CRLF.
void encode_line(std::string_view line, std::string& out) {
  std::string current;
  const auto emit = [&](const std::string& token) {
    if (current.size() + token.size() > k_line_max - 1) {  // room for the soft break's "="
      out += current + "=\r\n";
      current.clear();
    }
    current += token;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    std::string token;
    // Dot-safe and mbox-safe: a line (or a soft-broken continuation) never starts with "." or
    // "From ". A continuation starts where `current` is empty.
    const bool line_start = current.empty();
    if (c == '=' || c > 126 || (c < 32 && c != '\t') || ((c == ' ' || c == '\t') && last) ||
        (line_start && (c == '.' || (c == 'F' && line.substr(i, 5) == "From ")))) {
      append_hex(token, c);
    } else {
      token = static_cast<char>(c);
    }
    emit(token);
  }
  out += current + "\r\n";
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

std::string header_value(const mail_header& h) {
  const bool printable =
      std::all_of(h.value.begin(), h.value.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
  return h.verbatim && printable ? h.value : encode_header_text(h.value);
}

void part(std::string& out, const std::string& boundary, const char* type,
          const std::string& body) {
  out += "--" + boundary + "\r\n";
  header(out, "Content-Type", std::string(type) + "; charset=UTF-8");
  header(out, "Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quoted_printable(body);
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      if (start < text.size()) encode_line(text.substr(start), out);
      break;
    }
    encode_line(text.substr(start, end - start), out);
    start = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
  }
  return out;
}

std::string build_mime_message(const mime_mail& mail) {
  const auto boundary = boundary_for(mail.message_id);
  std::string out;
  out.reserve(mail.text.size() + mail.html.size() + 1024);
  header(out, "From", format_mailbox(mail.from));
  header(out, "To", mail.to);
  header(out, "Subject", encode_header_text(mail.subject));
  header(out, "Date", rfc5322_date(mail.date));
  header(out, "Message-ID", "<" + mail.message_id + ">");
  header(out, "MIME-Version", "1.0");
  for (const auto& h : mail.extra_headers) header(out, h.name, header_value(h));
  header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += "\r\nThis is a multi-part message in MIME format.\r\n\r\n";
  part(out, boundary, "text/plain", mail.text);
  out += "\r\n";
  part(out, boundary, "text/html", mail.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace cambio::mailer
