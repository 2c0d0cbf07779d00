#include "rates/btc/url.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace cambio::rates::btc {
namespace {

std::string default_port(std::string_view scheme) {
  return scheme == "https" || scheme == "wss" ? "443" : "80";
}

void check_port(std::string_view port, std::string_view text) {
  unsigned value = 0;
  const auto* end = port.data() + port.size();
  const auto [ptr, ec] = std::from_chars(port.data(), end, value);
  if (port.empty() || ec != std::errc() || ptr != end || value == 0 || value > 65535) {
    throw std::invalid_argument("URL '" + std::string(text) + "': bad port '" + std::string(port) +
                                "'");
  }
}

}  // namespace

std::string url::host_header() const {
  const auto name = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return port == default_port(scheme) ? name : name + ":" + port;
}

url parse_url(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    throw std::invalid_argument("URL '" + std::string(text) + "': no scheme");
  }
  url u;
  u.scheme = std::string(text.substr(0, scheme_end));
  if (u.scheme != "http" && u.scheme != "https" && u.scheme != "ws" && u.scheme != "wss") {
    throw std::invalid_argument("URL '" + std::string(text) + "': scheme '" + u.scheme +
                                "' is not http, https, ws or wss");
  }
  auto rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?");
  auto authority = rest.substr(0, path_start);
  u.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (u.target.front() == '?') u.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    throw std::invalid_argument("URL '" + std::string(text) + "': credentials are not supported");
  }

  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // an IPv6 literal: [::1]:8080
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      throw std::invalid_argument("URL '" + std::string(text) + "': unterminated IPv6 address");
    }
    u.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        throw std::invalid_argument("URL '" + std::string(text) + "': junk after IPv6 address");
      }
      port = after.substr(1);
      check_port(port, text);
    }
  } else {
    const auto colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      check_port(port, text);
    }
  }
  if (u.host.empty()) throw std::invalid_argument("URL '" + std::string(text) + "': no host");
  u.port = port.empty() ? default_port(u.scheme) : std::string(port);
  return u;
}

}  // namespace cambio::rates::btc
