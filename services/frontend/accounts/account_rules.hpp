#pragma once
// What a username and an email must look like (the accounts contract): usernames are 3–32 of
// [a-z0-9_] after lower-casing; emails are checked for shape only (the verification mail proves
// them). Pure functions; each problem is a sentence to show the person.

#include <optional>
#include <string>
#include <string_view>

namespace cambio::frontend::accounts {

constexpr std::size_t k_min_username = 3;
constexpr std::size_t k_max_username = 32;
constexpr std::size_t k_max_email = 254;  // RFC 5321's path limit

// Surrounding whitespace removed, ASCII letters lower-cased.
std::string normalize_username(std::string_view input);
// Surrounding whitespace removed (case is kept: the contract compares emails case-insensitively).
std::string normalize_email(std::string_view input);

// Why a (normalized) username is not acceptable, or nullopt.
std::optional<std::string> username_problem(std::string_view username);
// Why a (normalized) email is not acceptable, or nullopt: one '@', a local part of 1–64 printable
// characters without spaces, quotes or angle brackets, a domain of dot-separated labels of
// [A-Za-z0-9-] with at least one dot, at most 254 characters in all.
std::optional<std::string> email_problem(std::string_view email);

}  // namespace cambio::frontend::accounts
