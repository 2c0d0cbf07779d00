#pragma once
// Passwords: Argon2id hashes (libsodium crypto_pwhash_str) and the policy a new password must meet.
// Used by the pages (accounts/account_flows.hpp) and the JSON API alike; no HTTP here.
//
// Parameters: Argon2id, t = 2 passes, m = 64 MiB, p = 1 (libsodium's *_INTERACTIVE limits). OWASP's
// Password Storage Cheat Sheet asks for at least m = 19 MiB, t = 2, p = 1; these are stronger in
// memory and equal in passes. The encoded string ("$argon2id$v=19$m=65536,t=2,p=1$...") carries
// them, so hashes made with other parameters still verify.
//
// Timing: a login for an account that does not exist calls verify_against_dummy, which runs the
// same Argon2id verification against a hash made once per process with the same parameters, so the
// answer takes as long as for a real account.
//
// Policy (password_problem): at least 10 characters (code points), at most 1024 bytes, and not
// guessable: Dropbox's zxcvbn (Debian's libzxcvbn) estimates the entropy against its dictionaries
// of common passwords, names and words, keyboard patterns, sequences, repeats and dates, plus the
// user's own username and email; below k_min_entropy_bits (30 bits ≈ 10^9 guesses, zxcvbn's score
// 3 "safely unguessable: moderate protection from offline slow-hash scenario") it is refused.
// "password123" (≈ 4 bits), "qwertyuiop" (≈ 11), "1234567890" (≈ 4) and "<username>1" are refused;
// "correct horse battery" (≈ 48) passes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cambio::frontend::accounts {

constexpr std::size_t k_min_password_chars = 10;
constexpr std::size_t k_max_password_bytes = 1024;
constexpr double k_min_entropy_bits = 30.0;

// The encoded Argon2id hash of `password`. Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password);

// True if `password` matches `encoded` (a crypto_pwhash_str string); false also for a malformed
// `encoded`.
bool verify_password(std::string_view password, std::string_view encoded);

// Spends the time of one verify_password against a real hash and returns false: for unknown
// accounts, so that their answers take as long as known ones.
bool verify_against_dummy(std::string_view password);

// zxcvbn's entropy estimate in bits, with `user_inputs` (username, email, ...) as a dictionary.
double password_entropy_bits(std::string_view password,
                             const std::vector<std::string>& user_inputs);

// Why `password` may not be used (a sentence to show the person), or nullopt when it is fine.
std::optional<std::string> password_problem(std::string_view password,
                                            const std::vector<std::string>& user_inputs);

}  // namespace cambio::frontend::accounts
