#include "accounts/password.hpp"

#include <sodium.h>
#include <zxcvbn.h>

#include <stdexcept>

#include "accounts/secret_token.hpp"

namespace cambio::frontend::accounts {
namespace {

constexpr unsigned long long k_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;  // 2
constexpr std::size_t k_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;         // 64 MiB

static_assert(k_opslimit >= 2, "OWASP: Argon2id with at least 2 passes at 19 MiB");
static_assert(k_memlimit >= 19u * 1024u * 1024u, "OWASP: Argon2id with at least 19 MiB");

const std::string& dummy_hash() {
  // Made once, of a random password nobody knows, with the same parameters as real hashes.
  static const std::string hash = hash_password(new_secret_token().token);
  return hash;
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), k_opslimit, k_memlimit) != 0) {
    throw std::runtime_error("password hashing failed: out of memory");
  }
  return out;
}

bool verify_password(std::string_view password, std::string_view encoded) {
  ensure_sodium();
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES.
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(encoded);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool verify_against_dummy(std::string_view password) {
  (void)verify_password(password, dummy_hash());
  return false;
}

double password_entropy_bits(std::string_view password,
                             const std::vector<std::string>& user_inputs) {
  std::vector<std::string> words;
  for (const auto& input : user_inputs) {
    if (input.empty()) continue;
    words.push_back(input);
    // An email's local part and domain name are words of the user's too.
    if (const auto at = input.find('@'); at != std::string::npos) {
      words.push_back(input.substr(0, at));
      const auto domain = input.substr(at + 1);
      words.push_back(domain.substr(0, domain.find('.')));
    }
  }
  std::vector<const char*> dict;
  for (const auto& w : words) dict.push_back(w.c_str());
  dict.push_back(nullptr);
  const std::string terminated(password);
  return ZxcvbnMatch(terminated.c_str(), dict.data(), nullptr);
}

std::optional<std::string> password_problem(std::string_view password,
                                            const std::vector<std::string>& user_inputs) {
  if (code_points(password) < k_min_password_chars) {
    return "The password must be at least " + std::to_string(k_min_password_chars) +
           " characters long.";
  }
  if (password.size() > k_max_password_bytes) {
    return "The password must be at most " + std::to_string(k_max_password_bytes) +
           " characters long.";
  }
  if (password.find('\0') != std::string_view::npos) {
    return "The password must not contain a NUL character.";
  }
  if (password_entropy_bits(password, user_inputs) < k_min_entropy_bits) {
    return "This password is too easy to guess: it is a common password, a keyboard or number "
           "pattern, or built from your username or email. Choose a longer one — a few unrelated "
           "words work well.";
  }
  return std::nullopt;
}

}  // namespace cambio::frontend::accounts
