#include "accounts/secret_token.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace cambio::frontend::accounts {

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_base64url(std::string_view bytes) {
  ensure_sodium();
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

secret_token new_secret_token() {
  ensure_sodium();
  std::array<unsigned char, k_token_bytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  secret_token t;
  t.token =
      to_base64url(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  t.hash = sha256_hex(t.token);
  sodium_memzero(bytes.data(), bytes.size());
  return t;
}

std::string sha256_hex(std::string_view text) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string hmac_sha256_base64url(std::string_view key, std::string_view message) {
  ensure_sodium();
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return to_base64url(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

bool is_token_shaped(std::string_view text) {
  if (text.size() != k_token_chars) return false;
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool equal_secrets(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cambio::frontend::accounts
