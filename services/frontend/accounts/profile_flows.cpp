#include "accounts/profile_flows.hpp"

#include <sodium.h>

#include "accounts/password.hpp"
#include "accounts/profile_cache.hpp"
#include "accounts/secret_token.hpp"
#include "cambio/currency.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::accounts {
namespace {

profile profile_from(const nlohmann::json& r) {
  profile p;
  p.user_id = r.at("user_id").get<std::int64_t>();
  p.username = r.at("username").get<std::string>();
  p.email = r.at("email").get<std::string>();
  p.default_currency = r.at("default_currency").get<std::string>();
  p.created_at = r.at("created_at").get<std::string>();
  p.has_picture = r.at("has_picture").get<bool>();
  p.picture_etag = r.value("picture_etag", "");
  return p;
}

}  // namespace

profile load_profile(account_backend& backend, profile_cache& cache, std::int64_t user_id) {
  return cache.get(user_id, [&] {
    return profile_from(backend.call("db.accounts.profile", {{"user_id", user_id}}));
  });
}

profile set_default_currency(account_backend& backend, profile_cache& cache, std::int64_t user_id,
                             const std::string& currency) {
  if (auto problem = cambio::currency::problem(currency)) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "default currency: " + *problem);
  }
  auto changed = profile_from(
      backend.call("db.accounts.update", {{"user_id", user_id}, {"default_currency", currency}}));
  cache.forget(user_id);
  return changed;
}

password_change_result change_password(account_backend& backend, const flow_settings& s,
                                       const session_user& user, const std::string& address,
                                       const std::string& current_password,
                                       const std::string& new_password) {
  password_change_result out;
  // The current password is checked like a login of this account, throttle included.
  const auto check = log_in(backend, s, {user.username, current_password, address});
  if (check.status == login_status::throttled) {
    out.status = password_change_status::throttled;
    out.retry_after = check.retry_after;
    return out;
  }
  if (check.status == login_status::invalid || check.user_id != user.user_id) {
    out.status = password_change_status::wrong_password;
    out.retry_after = check.retry_after;
    return out;
  }
  if (auto problem = password_problem(new_password, {user.username, user.email})) {
    out.status = password_change_status::weak;
    out.problem = *problem;
    return out;
  }
  nlohmann::json params = {{"user_id", user.user_id},
                           {"password_hash", hash_password(new_password)}};
  if (is_token_shaped(user.session_id)) params["keep_session_hash"] = sha256_hex(user.session_id);
  const auto reply = backend.call("db.accounts.password", params);
  out.status = password_change_status::changed;
  out.revoked_sessions = reply.at("revoked_sessions").get<int>();
  return out;
}

std::string store_picture(account_backend& backend, profile_cache& cache, std::int64_t user_id,
                          const std::string& png) {
  auto etag =
      backend.call("db.pictures.put", {{"user_id", user_id}, {"png_base64", to_base64(png)}})
          .at("etag")
          .get<std::string>();
  cache.forget(user_id);
  return etag;
}

std::optional<stored_picture> load_picture(account_backend& backend, std::int64_t user_id) {
  try {
    const auto r = backend.call("db.pictures.get", {{"user_id", user_id}});
    auto png = from_base64(r.at("png_base64").get<std::string>());
    if (!png) throw rmqrpc::error(rmqrpc::errc::internal, "db.pictures.get: malformed png_base64");
    return stored_picture{std::move(*png), r.at("etag").get<std::string>()};
  } catch (const rmqrpc::error& e) {
    if (e.code() == rmqrpc::errc::not_found) return std::nullopt;
    throw;
  }
}

std::string to_base64(const std::string& bytes) {
  ensure_sodium();
  const auto variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> from_base64(const std::string& text) {
  ensure_sodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.c_str(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace cambio::frontend::accounts
