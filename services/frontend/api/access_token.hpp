#pragma once
// Short-lived JWT access tokens of the JSON API (RFC 7519, HS256 only, signed with libjwt).
//
// Issued by POST /api/v1/token and /api/v1/token/refresh, presented as `Authorization: Bearer`.
// Checking a token allows exactly one algorithm: the header must say HS256 BEFORE libjwt sees the
// token (so `alg: none` and key-confusion tokens never reach a signature check that could be
// skipped), the signature must verify with our key, and `iss`, `aud`, `exp` (and `nbf`, `iat` when
// present) must hold, with a small leeway for clocks.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cambio::frontend::api {

using sys_seconds = std::chrono::sys_seconds;

struct token_settings {
  std::string key;       // the HMAC key (raw bytes, at least 32)
  std::string issuer;    // `iss`, e.g. the public URL
  std::string audience;  // `aud`: "cambio-api"
  std::chrono::seconds lifetime{900};
  std::chrono::seconds leeway{30};  // tolerated clock difference for exp, nbf and iat
};

// The token names the user by id only (`sub`): everything else about them is read when needed,
// so a token never carries stale data.
struct access_claims {
  std::int64_t user_id = 0;  // `sub`
  sys_seconds issued_at;
  sys_seconds expires_at;
};

// Why a token is refused. Each names one check; the API answers all of them with 401.
enum class token_problem {
  malformed,              // not three base64url parts of JSON, or a claim of the wrong type
  algorithm_not_allowed,  // the header's alg is not HS256 (`none` included)
  bad_signature,          // does not verify with our key
  expired,                // exp + leeway <= now
  not_yet_valid,          // nbf or iat in the future (beyond the leeway)
  wrong_issuer,
  wrong_audience,
};

std::string_view describe(token_problem p);

// A signed token for the user, valid from `now` for settings.lifetime.
std::string issue_access_token(const token_settings& s, std::int64_t user_id, sys_seconds now);

// The claims of a valid token, or why it is not.
std::variant<access_claims, token_problem> check_access_token(const token_settings& s,
                                                              std::string_view token,
                                                              sys_seconds now);

}  // namespace cambio::frontend::api
