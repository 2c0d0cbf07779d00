#include "alerts/unsubscribe_link.hpp"

#include <sodium.h>

#include <array>
#include <charconv>

#include "accounts/secret_token.hpp"

namespace cambio::frontend::alerts {
namespace {

constexpr std::string_view k_label = "cambio-unsubscribe";

std::string signature_of(std::string_view key, std::string_view scope) {
  std::string message(k_label);
  message.push_back('\0');
  message.append(scope);
  return accounts::hmac_sha256_base64url(key, message);
}

std::optional<std::string> from_base64url(std::string_view text) {
  accounts::ensure_sodium();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string unsubscribe_key(std::string_view secret_key) {
  return accounts::hmac_sha256_base64url(secret_key, "cambio unsubscribe links v1");
}

std::string alert_scope(std::string_view public_id) { return "alert:" + std::string(public_id); }

std::string digest_scope(std::int64_t user_id) { return "digest:" + std::to_string(user_id); }

std::string sign_unsubscribe_token(std::string_view key, std::string_view scope) {
  return accounts::to_base64url(scope) + "." + signature_of(key, scope);
}

std::optional<std::string> verify_unsubscribe_token(std::string_view key, std::string_view token) {
  if (token.empty() || token.size() > k_max_unsubscribe_token) return std::nullopt;
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  auto scope = from_base64url(token.substr(0, dot));
  if (!scope || scope->empty()) return std::nullopt;
  if (!accounts::equal_secrets(signature_of(key, *scope), token.substr(dot + 1))) {
    return std::nullopt;
  }
  return scope;
}

std::string unsubscribe_url(std::string_view public_url, std::string_view key,
                            std::string_view scope) {
  return std::string(public_url) + "/alerts/unsubscribe?t=" + sign_unsubscribe_token(key, scope);
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

std::optional<unsubscribe_target> parse_scope(std::string_view scope) {
  constexpr std::string_view alert = "alert:";
  constexpr std::string_view digest = "digest:";
  unsubscribe_target target;
  if (scope.substr(0, alert.size()) == alert) {
    const auto id = scope.substr(alert.size());
    if (!is_uuid(id)) return std::nullopt;
    target.public_id = std::string(id);
    return target;
  }
  if (scope.substr(0, digest.size()) == digest) {
    const auto id = scope.substr(digest.size());
    if (id.empty() || id.size() > 18 || id.front() == '0') return std::nullopt;
    std::int64_t user = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), user);
    if (ec != std::errc() || end != id.data() + id.size() || user <= 0) return std::nullopt;
    target.digest_user = user;
    return target;
  }
  return std::nullopt;
}

}  // namespace cambio::frontend::alerts
