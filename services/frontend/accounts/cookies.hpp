#pragma once
// The site's cookies and their attributes. Both are HttpOnly (no script reads them) and
// SameSite=Lax (not sent on cross-site POSTs). When CAMBIO_PUBLIC_URL is https they are also Secure
// and take the `__Host-` prefix, which browsers accept only with Secure, Path=/ and no Domain — a
// sibling subdomain cannot plant or overwrite them.
//
//   session  "cambio_session" / "__Host-cambio_session": the opaque session id (secret_token.hpp)
//   csrf     "cambio_csrf" / "__Host-cambio_csrf": an anonymous visitor's CSRF nonce (csrf.hpp)

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cambio::frontend::accounts {

struct cookie_settings {
  bool secure = false;  // the site is served over https
};

// secure when `public_url` starts with "https://" (case-insensitive).
cookie_settings cookie_settings_for(std::string_view public_url);

std::string session_cookie_name(const cookie_settings& s);
std::string csrf_cookie_name(const cookie_settings& s);

// A Set-Cookie header value: "<name>=<value>; Path=/; Max-Age=<n>; HttpOnly; SameSite=Lax[;
// Secure]" (no Max-Age without `max_age`: the cookie ends with the browser session).
std::string set_cookie_value(const cookie_settings& s, std::string_view name,
                             std::string_view value,
                             std::optional<std::chrono::seconds> max_age = std::nullopt);
// A Set-Cookie header value that deletes the cookie (empty value, Max-Age=0).
std::string clear_cookie_value(const cookie_settings& s, std::string_view name);

// The value of cookie `name` in a Cookie request header ("a=1; b=2"), or nullopt.
std::optional<std::string> find_cookie(std::string_view cookie_header, std::string_view name);

}  // namespace cambio::frontend::accounts
