#pragma once
// The account pages as HTML, from plain view models: pure functions over page_layout.hpp's
// templates (templates/register.mustache, login, resend, check_email, verify, logout, profile,
// coming_soon). Every value from a request or a backend is escaped by the templates.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/account_flows.hpp"
#include "accounts/profile_flows.hpp"
#include "page_layout.hpp"

namespace cambio::frontend::accounts {

struct register_form {
  std::string username;  // the values typed, kept on a refused form (never the password)
  std::string email;
  std::map<std::string, std::string> problems;  // field → message
  std::string error;                            // a banner above the form
};
std::string render_register_page(const page_frame& frame, const register_form& form);

// "Check your email": the same page whatever registration or resend found.
std::string render_check_email_page(const page_frame& frame, std::string_view message,
                                    std::chrono::seconds link_ttl);

struct login_form {
  std::string login;  // kept on a refused form
  std::string error;
  std::optional<std::string> unverified_email;  // the password was right: offer a resend
};
std::string render_login_page(const page_frame& frame, const login_form& form);

std::string render_resend_page(const page_frame& frame, const std::string& email,
                               const std::string& error);

std::string render_verify_page(const page_frame& frame, verify_status status);

// With a user: a log-out button; without: "you are logged out".
std::string render_logout_page(const page_frame& frame);

std::string render_profile_page(const page_frame& frame, const profile& p,
                                const std::string& error);

// The shells of later features: /alerts, /wallet, /orders.
std::string render_coming_soon_page(const page_frame& frame, std::string_view path);

// "24 hours", "30 minutes", "1 hour", "90 seconds".
std::string duration_text(std::chrono::seconds d);

}  // namespace cambio::frontend::accounts
