#include "accounts/account_rules.hpp"

#include <cctype>

namespace cambio::frontend::accounts {
namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; }

bool local_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x21 || u == 0x7f) return false;  // controls and space
  return c != '"' && c != '<' && c != '>' && c != '(' && c != ')' && c != ',' && c != ';' &&
         c != ':' && c != '\\' && c != '[' && c != ']' && c != '@';
}

}  // namespace

std::string normalize_username(std::string_view input) {
  std::string out(trim(input));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string normalize_email(std::string_view input) { return std::string(trim(input)); }

std::optional<std::string> username_problem(std::string_view username) {
  if (username.size() < k_min_username || username.size() > k_max_username) {
    return "The username must be " + std::to_string(k_min_username) + " to " +
           std::to_string(k_max_username) + " characters long.";
  }
  for (const char c : username) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return "The username may only contain letters a–z, digits and underscores.";
    }
  }
  return std::nullopt;
}

std::optional<std::string> email_problem(std::string_view email) {
  const std::string bad = "Enter a valid email address, like name@example.com.";
  if (email.empty()) return std::string("Enter your email address.");
  if (email.size() > k_max_email) {
    return "The email address must be at most " + std::to_string(k_max_email) + " characters.";
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return bad;
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return bad;
  for (const char c : local) {
    if (!local_char(c)) return bad;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return bad;
  }
  if (domain.find('.') == std::string_view::npos) return bad;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const auto end = domain.find('.', start);
    const auto label =
        domain.substr(start, end == std::string_view::npos ? domain.size() - start : end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return bad;
    }
    for (const char c : label) {
      if (!label_char(c)) return bad;
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace cambio::frontend::accounts
