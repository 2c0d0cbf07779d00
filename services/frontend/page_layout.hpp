#pragma once
// Server-rendered pages: the mustache templates of templates/ and the stylesheet of static/ are
// compiled into the binary (cambio_embed_files), and every page is its own template rendered
// inside templates/layout.mustache — one head (viewport, /static/cambio.css), one navigation
// (home, rates, alerts, wallet, orders, then log in/register or the user's name and log out), one
// footer. `{{x}}` escapes with escape_html; only the layout's `{{{content}}}` is raw (the page,
// itself rendered with escaping).

#include <optional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

namespace cambio::frontend {

using template_data = kainjow::mustache::data;

// What the layout needs to know about the request.
struct page_frame {
  std::string title;                    // "" → "Cambio"; else "<title> — Cambio"
  std::string current;                  // the nav entry to mark: "/", "/rates", "/login", ...
  std::optional<std::string> username;  // signed in as
  std::string csrf_token;               // for the layout's log-out form and the page's forms
  std::string notice;                   // a banner above the page ("" for none)
};

// The embedded file at `path` ("templates/login.mustache", "static/cambio.css"); throws
// std::out_of_range naming it when there is none.
const std::string& embedded_asset(std::string_view path);

// A short fingerprint of the stylesheet (the first 12 hex digits of its SHA-256), for its URL and
// its ETag.
const std::string& stylesheet_version();

// templates/<name>.mustache with `data` (plus "csrf" and "user" from the frame) inside the layout.
std::string render_page(const page_frame& frame, std::string_view name, template_data data);

// The layout's data alone (the nav list and the account part), for tests.
template_data layout_data(const page_frame& frame);

// A friendly error page: a heading chosen by `status` ("Page not found", "Service unavailable",
// ...), `message`, the status and a way back.
std::string render_error_page(const page_frame& frame, int status, std::string_view message);

// The heading render_error_page uses for `status`.
std::string error_heading(int status);

}  // namespace cambio::frontend
