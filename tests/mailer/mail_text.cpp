#include "mail_text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace cambio::testing::mail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string base64_decode(std::string_view in) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int value = 0;
  int bits = -8;
  for (const char c : in) {
    const auto pos = alphabet.find(c);
    if (pos == std::string::npos) continue;
    value = (value << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((value >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::pair<std::map<std::string, std::string>, std::string> split_head(std::string_view text) {
  std::map<std::string, std::string> headers;
  const auto end = text.find("\r\n\r\n");
  const auto head = text.substr(0, end);
  const auto body =
      end == std::string_view::npos ? std::string() : std::string(text.substr(end + 4));
  std::string name;
  for (const auto& line : split_lines(head)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (!name.empty()) headers[name] += line;  // unfold
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = lower(line.substr(0, colon));
    auto value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    if (!headers.contains(name))
      headers[name] = value;
    else
      name.clear();
  }
  return {headers, body};
}

}  // namespace

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find("\r\n", start);
    if (end == std::string_view::npos) {
      if (start < text.size()) out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, end - start));
    start = end + 2;
  }
}

std::string decode_header_words(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  bool after_word = false;
  while (pos < text.size()) {
    const auto start = text.find("=?", pos);
    if (start == std::string_view::npos) {
      out += text.substr(pos);
      break;
    }
    auto between = std::string(text.substr(pos, start - pos));
    const bool blank = between.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!(after_word && blank)) out += between;
    const auto q1 = text.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : text.find('?', q1 + 1);
    const auto finish = q2 == std::string_view::npos ? q2 : text.find("?=", q2 + 1);
    if (finish == std::string_view::npos) {
      out += text.substr(start);
      break;
    }
    const auto encoding = std::toupper(static_cast<unsigned char>(text[q1 + 1]));
    const auto payload = text.substr(q2 + 1, finish - q2 - 1);
    if (encoding == 'B') {
      out += base64_decode(payload);
    } else {
      std::string p(payload);
      std::replace(p.begin(), p.end(), '_', ' ');
      out += decode_quoted_printable(p);
    }
    pos = finish + 2;
    after_word = true;
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else if (i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += '=';
    }
  }
  return out;
}

message parse_message(std::string raw) {
  message m;
  auto [headers, body] = split_head(raw);
  m.headers = std::move(headers);
  const auto type = m.headers["content-type"];
  const auto b = type.find("boundary=\"");
  if (b != std::string::npos) {
    const auto boundary = "--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
    std::size_t pos = body.find(boundary);
    while (pos != std::string::npos) {
      const auto start = pos + boundary.size();
      if (body.substr(start, 2) == "--") break;
      const auto next = body.find("\r\n" + boundary, start);
      if (next == std::string::npos) break;
      auto [part_headers, part_body] = split_head(body.substr(start + 2, next - start - 2));
      part p{std::move(part_headers), {}};
      p.body = lower(p.headers["content-transfer-encoding"]) == "quoted-printable"
                   ? decode_quoted_printable(part_body)
                   : part_body;
      m.parts.push_back(std::move(p));
      pos = next + 2;
    }
  }
  m.raw = std::move(raw);
  return m;
}

std::size_t count_maildir(const std::filesystem::path& maildir) {
  std::size_t n = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(maildir / "new", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++n;
  }
  return n;
}

std::vector<message> read_maildir(const std::filesystem::path& maildir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(maildir / "new", ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // names start with the arrival time in nanoseconds
  std::vector<message> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out.push_back(parse_message(text.str()));
  }
  return out;
}

std::vector<message> mails_to(const std::filesystem::path& maildir, const std::string& needle) {
  auto all = read_maildir(maildir);
  std::erase_if(all, [&](const message& m) {
    const auto rcpt = m.headers.find("x-rcptto");
    return rcpt == m.headers.end() || rcpt->second.find(needle) == std::string::npos;
  });
  return all;
}

}  // namespace cambio::testing::mail
