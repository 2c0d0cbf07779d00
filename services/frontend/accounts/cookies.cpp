#include "accounts/cookies.hpp"

#include <cctype>

namespace cambio::frontend::accounts {
namespace {

std::string prefixed(const cookie_settings& s, std::string_view name) {
  return (s.secure ? "__Host-" : "") + std::string(name);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

cookie_settings cookie_settings_for(std::string_view public_url) {
  constexpr std::string_view https = "https://";
  if (public_url.size() < https.size()) return {};
  for (std::size_t i = 0; i < https.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(public_url[i])) != https[i]) return {};
  }
  return {true};
}

std::string session_cookie_name(const cookie_settings& s) { return prefixed(s, "cambio_session"); }
std::string csrf_cookie_name(const cookie_settings& s) { return prefixed(s, "cambio_csrf"); }

std::string set_cookie_value(const cookie_settings& s, std::string_view name,
                             std::string_view value, std::optional<std::chrono::seconds> max_age) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/";
  if (max_age) out += "; Max-Age=" + std::to_string(max_age->count());
  out += "; HttpOnly; SameSite=Lax";
  if (s.secure) out += "; Secure";
  return out;
}

std::string clear_cookie_value(const cookie_settings& s, std::string_view name) {
  return set_cookie_value(s, name, "", std::chrono::seconds(0));
}

std::optional<std::string> find_cookie(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const auto end = cookie_header.find(';');
    const auto pair = trim(cookie_header.substr(0, end));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      auto value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    if (end == std::string_view::npos) break;
    cookie_header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace cambio::frontend::accounts
