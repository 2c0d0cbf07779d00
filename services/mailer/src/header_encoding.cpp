#include "mailer/header_encoding.hpp"

#include <array>
#include <ctime>

namespace cambio::mailer {
namespace {

constexpr std::string_view k_base64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += k_base64[(n >> 18) & 63];
    out += k_base64[(n >> 12) & 63];
    out += k_base64[(n >> 6) & 63];
    out += k_base64[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const auto n = static_cast<unsigned char>(bytes[i]) << 16;
    out += k_base64[(n >> 18) & 63];
    out += k_base64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += k_base64[(n >> 18) & 63];
    out += k_base64[(n >> 12) & 63];
    out += k_base64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// A UTF-8 continuation byte (10xxxxxx) never starts a character.
bool continues_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Header text must not end the header early: controls (CR, LF, tab, ...) become spaces.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// Encoded-words carry at most 45 bytes (60 base64 characters; 75 with "=?UTF-8?B?" and "?=").
constexpr std::size_t k_word_bytes = 45;

}  // namespace

std::string encode_header_text(std::string_view raw) {
  const auto text = one_line(raw);
  // Plain ASCII stays readable, unless it looks like an encoded-word itself.
  if (printable_ascii(text) && text.find("=?") == std::string::npos) return text;
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto len = std::min(k_word_bytes, text.size() - pos);
    while (pos + len < text.size() && len > 1 && continues_character(text[pos + len])) --len;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(text).substr(pos, len)) + "?=";
    pos += len;
  }
  return out;
}

std::optional<mailbox> parse_mailbox(std::string_view text) {
  const auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  const auto valid_address = [](std::string_view a) {
    const auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
    if (a.find('@', at + 1) != std::string_view::npos) return false;
    for (const char c : a) {
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == 0x7f) return false;
    }
    return true;
  };
  text = trim(text);
  mailbox m;
  if (!text.empty() && text.back() == '>') {
    const auto open = text.rfind('<');
    if (open == std::string_view::npos) return std::nullopt;
    m.address = std::string(text.substr(open + 1, text.size() - open - 2));
    auto name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    m.display_name = std::string(name);
  } else {
    m.address = std::string(text);
  }
  if (!valid_address(m.address)) return std::nullopt;
  return m;
}

std::string format_mailbox(const mailbox& m) {
  if (m.display_name.empty()) return m.address;
  const auto name = one_line(m.display_name);
  if (!printable_ascii(name) || name.find("=?") != std::string::npos) {
    return encode_header_text(name) + " <" + m.address + ">";
  }
  // RFC 5322 specials need a quoted-string.
  if (name.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) {
    return name + " <" + m.address + ">";
  }
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + m.address + ">";
}

std::string_view address_domain(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  const auto seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                days[static_cast<std::size_t>(utc.tm_wday)], utc.tm_mday,
                months[static_cast<std::size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour,
                utc.tm_min, utc.tm_sec);
  return buffer;
}

}  // namespace cambio::mailer
