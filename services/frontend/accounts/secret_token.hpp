#pragma once
// Random secrets handed to browsers and API clients (verification links, session ids, refresh
// tokens, CSRF nonces): 256 random bits (libsodium randombytes_buf) as base64url without padding
// (43 characters). Only their SHA-256 (64 lowercase hex characters) crosses the wire to db-proxy
// (see the accounts contract: `*_hash` fields), so a database dump holds no usable token.

#include <string>
#include <string_view>

namespace cambio::frontend::accounts {

constexpr std::size_t k_token_bytes = 32;
constexpr std::size_t k_token_chars = 43;  // base64url of 32 bytes, unpadded

struct secret_token {
  std::string token;  // for the browser / the link
  std::string hash;   // sha256_hex(token), for db-proxy
};

// sodium_init() once per process; safe to call from any thread, any number of times. Throws
// std::runtime_error if libsodium cannot initialise.
void ensure_sodium();

secret_token new_secret_token();

// SHA-256 of `text` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view text);

// HMAC-SHA-256 of `message` under `key` as base64url without padding.
std::string hmac_sha256_base64url(std::string_view key, std::string_view message);

// `bytes` as base64url without padding.
std::string to_base64url(std::string_view bytes);

// True if `text` looks like a token of ours: 43 characters of [A-Za-z0-9_-].
bool is_token_shaped(std::string_view text);

// Constant-time equality (for comparing secrets); false when the lengths differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace cambio::frontend::accounts
