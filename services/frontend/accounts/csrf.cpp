#include "accounts/csrf.hpp"

#include "accounts/secret_token.hpp"

namespace cambio::frontend::accounts {

std::string anonymous_csrf_token(std::string_view secret_key, std::string_view nonce) {
  return hmac_sha256_base64url(secret_key, "csrf:" + std::string(nonce));
}

bool csrf_accepted(std::string_view expected, std::string_view presented) {
  if (expected.empty() || presented.empty()) return false;
  return equal_secrets(expected, presented);
}

}  // namespace cambio::frontend::accounts
