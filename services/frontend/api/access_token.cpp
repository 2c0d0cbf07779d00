#include "api/access_token.hpp"

#include <jwt.h>
#include <sodium.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cambio::frontend::api {
namespace {

// Tokens larger than this are refused unparsed (ours are about 300 bytes).
constexpr std::size_t k_max_token_size = 4096;

struct jwt_deleter {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using jwt_ptr = std::unique_ptr<jwt_t, jwt_deleter>;

struct char_deleter {
  void operator()(char* p) const { free(p); }  // NOLINT: libjwt allocates with malloc
};

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

// The header's `alg`, read before libjwt parses anything; nullopt if it is not JSON with a string
// alg.
std::optional<std::string> header_algorithm(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto header = base64url_decode(token.substr(0, dot));
  if (!header) return std::nullopt;
  const auto json = nlohmann::json::parse(*header, nullptr, false);
  if (!json.is_object() || !json.contains("alg") || !json["alg"].is_string()) return std::nullopt;
  return json["alg"].get<std::string>();
}

bool audience_matches(const nlohmann::json& aud, const std::string& expected) {
  if (aud.is_string()) return aud == expected;
  if (!aud.is_array()) return false;
  for (const auto& a : aud) {
    if (a.is_string() && a == expected) return true;
  }
  return false;
}

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("libjwt: ") + what + " failed");
}

}  // namespace

std::string_view describe(token_problem p) {
  switch (p) {
    case token_problem::malformed:
      return "the token is malformed";
    case token_problem::algorithm_not_allowed:
      return "the token's algorithm is not allowed";
    case token_problem::bad_signature:
      return "the token's signature does not verify";
    case token_problem::expired:
      return "the token has expired";
    case token_problem::not_yet_valid:
      return "the token is not valid yet";
    case token_problem::wrong_issuer:
      return "the token was issued by someone else";
    case token_problem::wrong_audience:
      return "the token is meant for another audience";
  }
  return "the token is invalid";
}

std::string issue_access_token(const token_settings& s, std::int64_t user_id, sys_seconds now) {
  jwt_t* raw = nullptr;
  check(jwt_new(&raw), "jwt_new");
  jwt_ptr token(raw);
  const auto iat = now.time_since_epoch().count();
  check(jwt_add_grant(token.get(), "sub", std::to_string(user_id).c_str()), "sub");
  check(jwt_add_grant(token.get(), "iss", s.issuer.c_str()), "iss");
  check(jwt_add_grant(token.get(), "aud", s.audience.c_str()), "aud");
  check(jwt_add_grant_int(token.get(), "iat", static_cast<long>(iat)), "iat");
  check(jwt_add_grant_int(token.get(), "exp", static_cast<long>(iat + s.lifetime.count())), "exp");
  check(
      jwt_set_alg(token.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(s.key.data()),
                  static_cast<int>(s.key.size())),
      "jwt_set_alg");
  std::unique_ptr<char, char_deleter> encoded(jwt_encode_str(token.get()));
  if (!encoded) throw std::runtime_error("libjwt: jwt_encode_str failed");
  return encoded.get();
}

std::variant<access_claims, token_problem> check_access_token(const token_settings& s,
                                                              std::string_view token,
                                                              sys_seconds now) {
  if (token.size() > k_max_token_size) return token_problem::malformed;
  const auto alg = header_algorithm(token);
  if (!alg) return token_problem::malformed;
  if (*alg != "HS256") return token_problem::algorithm_not_allowed;

  const std::string text(token);
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(s.key.data()),
                 static_cast<int>(s.key.size())) != 0) {
    return token_problem::bad_signature;
  }
  jwt_ptr decoded(raw);
  if (jwt_get_alg(decoded.get()) != JWT_ALG_HS256) return token_problem::algorithm_not_allowed;
  std::unique_ptr<char, char_deleter> grants(jwt_get_grants_json(decoded.get(), nullptr));
  if (!grants) return token_problem::malformed;
  const auto claims = nlohmann::json::parse(grants.get(), nullptr, false);
  if (!claims.is_object()) return token_problem::malformed;

  const auto number = [&](const char* name) -> std::optional<std::int64_t> {
    if (!claims.contains(name) || !claims[name].is_number_integer()) return std::nullopt;
    return claims[name].get<std::int64_t>();
  };
  const auto string = [&](const char* name) -> std::optional<std::string> {
    if (!claims.contains(name) || !claims[name].is_string()) return std::nullopt;
    return claims[name].get<std::string>();
  };
  const auto exp = number("exp");
  const auto iat = number("iat");
  const auto sub = string("sub");
  if (!exp || !sub || !claims.contains("aud")) return token_problem::malformed;
  if ((claims.contains("iat") && !iat) || (claims.contains("nbf") && !number("nbf"))) {
    return token_problem::malformed;
  }
  std::int64_t user_id = 0;
  try {
    std::size_t used = 0;
    user_id = std::stoll(*sub, &used);
    if (used != sub->size() || user_id <= 0) return token_problem::malformed;
  } catch (const std::logic_error&) {
    return token_problem::malformed;
  }

  if (string("iss") != s.issuer) return token_problem::wrong_issuer;
  if (!audience_matches(claims["aud"], s.audience)) return token_problem::wrong_audience;
  const auto t = now.time_since_epoch().count();
  const auto leeway = s.leeway.count();
  if (*exp + leeway <= t) return token_problem::expired;
  if (const auto nbf = number("nbf"); nbf && *nbf - leeway > t) return token_problem::not_yet_valid;
  if (iat && *iat - leeway > t) return token_problem::not_yet_valid;

  return access_claims{user_id, sys_seconds(std::chrono::seconds(iat.value_or(0))),
                       sys_seconds(std::chrono::seconds(*exp))};
}

}  // namespace cambio::frontend::api
