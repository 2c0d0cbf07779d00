#include "accounts/account_flows.hpp"

#include "accounts/account_rules.hpp"
#include "accounts/password.hpp"
#include "accounts/secret_token.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::accounts {
namespace {

std::int64_t seconds(std::chrono::seconds s) { return s.count(); }

nlohmann::json login_result_params(const flow_settings& s, const std::string& login,
                                   const std::string& address, std::int64_t user_id, bool success) {
  nlohmann::json params = {{"login", login},
                           {"address", address},
                           {"success", success},
                           {"max_failures", s.login_max_failures},
                           {"window_s", seconds(s.login_window)},
                           {"lockout_s", seconds(s.login_lockout)}};
  if (user_id > 0) params["user_id"] = user_id;
  return params;
}

}  // namespace

std::string verify_url(const flow_settings& s, const std::string& token) {
  return s.public_url + "/verify?token=" + token;
}
std::string login_url(const flow_settings& s) { return s.public_url + "/login"; }
std::string resend_url(const flow_settings& s) { return s.public_url + "/resend"; }
std::string register_url(const flow_settings& s) { return s.public_url + "/register"; }

registration_result register_account(account_backend& backend, const flow_settings& s,
                                     const registration& input) {
  registration_result out;
  const auto username = normalize_username(input.username);
  const auto email = normalize_email(input.email);
  if (auto p = username_problem(username)) out.problems["username"] = *p;
  if (auto p = email_problem(email)) out.problems["email"] = *p;
  if (auto p = password_problem(input.password, {username, email})) out.problems["password"] = *p;
  if (!out.accepted()) return out;

  const auto token = new_secret_token();
  backend.call("db.accounts.register", {{"username", username},
                                        {"email", email},
                                        {"password_hash", hash_password(input.password)},
                                        {"token_hash", token.hash},
                                        {"verify_url", verify_url(s, token.token)},
                                        {"expires_in_s", seconds(s.verify_ttl)},
                                        {"login_url", login_url(s)},
                                        {"resend_url", resend_url(s)},
                                        {"register_url", register_url(s)}});
  // created, email_exists and username_taken each sent their mail: the page is the same.
  return out;
}

verify_result verify_email(account_backend& backend, const std::string& token) {
  verify_result out;
  if (!is_token_shaped(token)) return out;
  try {
    const auto reply = backend.call("db.accounts.verify", {{"token_hash", sha256_hex(token)}});
    out.status = verify_status::verified;
    out.user_id = reply.at("user_id").get<std::int64_t>();
    out.username = reply.at("username").get<std::string>();
  } catch (const rmqrpc::error& e) {
    if (e.code() == rmqrpc::errc::not_found) return out;
    if (e.code() == rmqrpc::errc::failed_precondition) {
      out.status = verify_status::expired;
      return out;
    }
    throw;
  }
  return out;
}

resend_result resend_verification(account_backend& backend, const flow_settings& s,
                                  const std::string& email_input) {
  resend_result out;
  const auto email = normalize_email(email_input);
  out.problem = email_problem(email);
  if (out.problem) return out;
  const auto token = new_secret_token();
  // sent / not_pending / throttled: the person is told the same either way.
  backend.call("db.accounts.resend", {{"email", email},
                                      {"token_hash", token.hash},
                                      {"verify_url", verify_url(s, token.token)},
                                      {"expires_in_s", seconds(s.verify_ttl)},
                                      {"max_per_hour", s.resend_max_per_hour}});
  return out;
}

std::optional<std::string> normalize_login(const std::string& login) {
  if (login.find('@') != std::string::npos) {
    auto email = normalize_email(login);
    if (email_problem(email)) return std::nullopt;
    return email;
  }
  auto username = normalize_username(login);
  if (username_problem(username)) return std::nullopt;
  return username;
}

login_result log_in(account_backend& backend, const flow_settings& s,
                    const login_attempt& attempt) {
  login_result out;
  const auto login = normalize_login(attempt.login);
  if (!login) {
    verify_against_dummy(attempt.password);  // the same time as for a real account
    return out;
  }
  const auto found =
      backend.call("db.accounts.credentials", {{"login", *login}, {"address", attempt.address}});
  const auto retry_after = found.at("retry_after_s").get<std::int64_t>();
  if (retry_after > 0) {
    out.status = login_status::throttled;
    out.retry_after = std::chrono::seconds(retry_after);
    return out;
  }

  const auto& user = found.at("user");
  std::int64_t user_id = 0;
  bool ok = false;
  if (user.is_null()) {
    verify_against_dummy(attempt.password);
  } else {
    user_id = user.at("user_id").get<std::int64_t>();
    ok = verify_password(attempt.password, user.at("password_hash").get<std::string>());
  }
  const auto recorded = backend.call("db.accounts.login_result",
                                     login_result_params(s, *login, attempt.address, user_id, ok));
  if (!ok) {
    out.retry_after = std::chrono::seconds(recorded.value("retry_after_s", std::int64_t{0}));
    return out;
  }
  out.user_id = user_id;
  out.username = user.at("username").get<std::string>();
  out.email = user.at("email").get<std::string>();
  out.status = user.at("status") == "active" ? login_status::ok : login_status::unverified;
  return out;
}

}  // namespace cambio::frontend::accounts
