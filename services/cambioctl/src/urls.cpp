#include "cambioctl/urls.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>

namespace cambio::cambioctl {
namespace {

struct url_parts {
  std::string scheme;
  std::string user;
  std::string password;
  std::string host;
  std::optional<std::uint16_t> port;
  std::string path;  // from the first "/" after the authority, "" when none
};

std::uint16_t parse_port(std::string_view text, std::string_view url_kind) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    throw std::invalid_argument(std::string(url_kind) + " URL: port '" + std::string(text) +
                                "' is not a port number");
  }
  return static_cast<std::uint16_t>(value);
}

url_parts split(std::string_view url, std::string_view url_kind) {
  url_parts out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    throw std::invalid_argument(std::string(url_kind) + " URL '" + redacted(url) +
                                "' has no scheme (expected scheme://host)");
  }
  out.scheme = std::string(url.substr(0, scheme_end));
  auto rest = url.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  auto authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) out.path = std::string(rest.substr(path_start));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    out.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.password = percent_decode(userinfo.substr(colon + 1));
  }
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      throw std::invalid_argument(std::string(url_kind) + " URL: unterminated '[' in the host");
    }
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        throw std::invalid_argument(std::string(url_kind) + " URL: unexpected text after the host");
      }
      out.port = parse_port(after.substr(1), url_kind);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    out.port = parse_port(authority.substr(colon + 1), url_kind);
  }
  if (host.empty()) {
    throw std::invalid_argument(std::string(url_kind) + " URL '" + redacted(url) + "' has no host");
  }
  out.host = std::string(host);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string http_endpoint::origin() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

amqp_endpoint parse_amqp_url(std::string_view url) {
  const auto parts = split(url, "AMQP");
  if (parts.scheme != "amqp") {
    throw std::invalid_argument("AMQP URL: scheme '" + parts.scheme +
                                "' is not supported (expected amqp://)");
  }
  amqp_endpoint out;
  if (!parts.user.empty()) out.user = parts.user;
  if (!parts.user.empty()) out.password = parts.password;
  out.host = parts.host;
  out.port = parts.port.value_or(5672);
  auto path = std::string_view(parts.path);
  if (const auto query = path.find_first_of("?#"); query != std::string_view::npos) {
    path = path.substr(0, query);
  }
  if (path.size() > 1) {
    out.vhost = percent_decode(path.substr(1));
  } else {
    out.vhost = "/";
  }
  return out;
}

http_endpoint parse_http_url(std::string_view url) {
  const auto parts = split(url, "management API");
  if (parts.scheme != "http" && parts.scheme != "https") {
    throw std::invalid_argument("management API URL: scheme '" + parts.scheme +
                                "' is not supported (expected http:// or https://)");
  }
  http_endpoint out;
  out.scheme = parts.scheme;
  out.host = parts.host;
  out.port = parts.port.value_or(parts.scheme == "https" ? 443 : 80);
  out.user = parts.user;
  out.password = parts.password;
  auto path = std::string_view(parts.path);
  if (const auto query = path.find_first_of("?#"); query != std::string_view::npos) {
    path = path.substr(0, query);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  out.base_path = std::string(path);
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 0x0F];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      throw std::invalid_argument("malformed percent-escape in '" + std::string(text) + "'");
    }
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) {
      throw std::invalid_argument("malformed percent-escape in '" + std::string(text) + "'");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string redacted(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const auto authority_start = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority_start);
  const auto authority = url.substr(authority_start, authority_end == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : authority_end - authority_start);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  const auto colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, authority_start + colon + 1)) + "***" +
         std::string(url.substr(authority_start + at));
}

}  // namespace cambio::cambioctl
