#pragma once
// Registration, email verification, resending the verification and login, as functions over
// account_backend returning plain results (no HTTP): the pages (account_pages.hpp) and the JSON API
// both call these, so both behave the same.
//
// Not revealing who has an account (issue #4): register_account hashes the password and calls
// db.accounts.register whatever happens to exist, and its result does not say what db-proxy
// answered (created / email_exists / username_taken: each sends its own mail); resend answers the
// same whether or not a pending account has that email; login against an unknown account spends
// the same Argon2id time (verify_against_dummy) and answers `invalid` like a wrong password.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "accounts/account_backend.hpp"

namespace cambio::frontend::accounts {

struct flow_settings {
  std::string public_url = "http://127.0.0.1:8080";  // links in mails; no trailing slash
  std::chrono::seconds verify_ttl{86400};            // CAMBIO_VERIFY_TTL_S
  int resend_max_per_hour = 3;                       // per account (db-proxy counts)
  int login_max_failures = 5;                        // CAMBIO_LOGIN_MAX_FAILURES
  std::chrono::seconds login_window{900};            // CAMBIO_LOGIN_WINDOW_S
  std::chrono::seconds login_lockout{900};           // CAMBIO_LOGIN_LOCKOUT_S
};

// The links mails carry, under public_url.
std::string verify_url(const flow_settings& s, const std::string& token);
std::string login_url(const flow_settings& s);
std::string resend_url(const flow_settings& s);
std::string register_url(const flow_settings& s);

// ---- registration ----

struct registration {
  std::string username;  // as typed (normalized here)
  std::string email;
  std::string password;
};

struct registration_result {
  // Field ("username", "email", "password") → what is wrong with it. Empty when accepted.
  std::map<std::string, std::string> problems;
  bool accepted() const { return problems.empty(); }
};

// Checks the input; when it is fine, hashes the password and calls db.accounts.register (which
// sends exactly one mail). Throws rmqrpc::error when db-proxy fails.
registration_result register_account(account_backend& backend, const flow_settings& s,
                                     const registration& input);

// ---- verification ----

enum class verify_status { verified, invalid, expired };

struct verify_result {
  verify_status status = verify_status::invalid;
  std::int64_t user_id = 0;  // when verified
  std::string username;      // when verified
};

// Follows an emailed link's token: `invalid` for a malformed, unknown or already used token,
// `expired` for an expired one. Throws rmqrpc::error for server-side failures.
verify_result verify_email(account_backend& backend, const std::string& token);

// ---- resend ----

struct resend_result {
  std::optional<std::string> problem;  // the email's shape is wrong
  bool accepted() const { return !problem; }
};

// Asks for a new verification mail for `email`; the answer never says whether one was sent.
resend_result resend_verification(account_backend& backend, const flow_settings& s,
                                  const std::string& email);

// ---- login ----

struct login_attempt {
  std::string login;  // username or email
  std::string password;
  std::string address;  // the client's IP address
};

enum class login_status {
  ok,          // the password is right and the account active
  invalid,     // unknown account or wrong password (the same answer)
  unverified,  // the password is right but the email is not verified yet
  throttled,   // too many recent failures for the account or the address: retry_after
};

struct login_result {
  login_status status = login_status::invalid;
  std::int64_t user_id = 0;  // ok, unverified
  std::string username;      // ok, unverified
  std::string email;         // ok, unverified (to offer a resend)
  std::chrono::seconds retry_after{0};
};

// db.accounts.credentials, then the password check, then db.accounts.login_result (failures and
// successes are recorded; throttling is db-proxy's count). Throws rmqrpc::error.
login_result log_in(account_backend& backend, const flow_settings& s, const login_attempt& attempt);

// The login as sent to db-proxy (a username lower-cased, an email trimmed), or nullopt when it has
// the shape of neither (such a login names no account).
std::optional<std::string> normalize_login(const std::string& login);

}  // namespace cambio::frontend::accounts
