// db.accounts.profile, db.accounts.update, db.accounts.password and db.pictures.* through the
// broker against the db-proxy executable and a real PostgreSQL: the profile and its currency
// (unknown and retired ones refused), a password change that ends the other sessions and every
// refresh-token family but keeps the current session, pictures checked for signature and size,
// every user_id touching only that user's rows, and accounts.changed after each committed change of
// a profile (the frontends' profile caches rely on it).

#include <string>

#include <catch2/catch.hpp>

#include "accounts_stack.hpp"

using cambio::testing::accounts_stack;
using cambio::testing::hash_of;
using nlohmann::json;

namespace {

std::string base64(const std::string& bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// A PNG signature followed by `size - 8` bytes (db-proxy checks signature and size only).
std::string png_of_size(std::size_t size, char fill = 'x') {
  return std::string("\x89PNG\r\n\x1a\n", 8) + std::string(size - 8, fill);
}

// A real 1×1 PNG.
const std::string k_tiny_png =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+"
    "M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

json session(const std::string& label, std::int64_t user_id) {
  return {{"session_hash", hash_of(label)},
          {"user_id", user_id},
          {"csrf_token", "csrf_" + label + "_0123456789abcdefghijklmnop"},
          {"idle_s", 1800},
          {"absolute_s", 43200}};
}

}  // namespace

TEST_CASE("profile and default currency: unknown and retired currencies are refused by name",
          "[accounts][integration]") {
  accounts_stack s;
  const auto sam = s.active_user("sam", "Sam@example.org");
  const auto profile = s.call("db.accounts.profile", {{"user_id", sam}});
  CHECK(profile["user_id"] == sam);
  CHECK(profile["username"] == "sam");
  CHECK(profile["email"] == "Sam@example.org");
  CHECK(profile["default_currency"] == "EUR");
  CHECK(profile["has_picture"] == false);
  CHECK_FALSE(profile.contains("picture_etag"));

  const auto updated =
      s.call("db.accounts.update", {{"user_id", sam}, {"default_currency", "JPY"}});
  CHECK(updated["default_currency"] == "JPY");
  CHECK(updated["created_at"] == profile["created_at"]);
  CHECK(s.call("db.accounts.profile", {{"user_id", sam}})["default_currency"] == "JPY");

  const auto unknown =
      s.fail("db.accounts.update", {{"user_id", sam}, {"default_currency", "XYZ"}});
  CHECK(unknown.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(unknown.message, Catch::Contains("XYZ"));
  const auto retired =
      s.fail("db.accounts.update", {{"user_id", sam}, {"default_currency", "HRK"}});
  CHECK(retired.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(retired.message, Catch::Contains("HRK is retired"));
  CHECK(s.call("db.accounts.profile", {{"user_id", sam}})["default_currency"] == "JPY");

  CHECK(s.fail("db.accounts.profile", {{"user_id", 999999}}).code == rmqrpc::errc::not_found);
  CHECK(s.fail("db.accounts.update", {{"user_id", 999999}, {"default_currency", "USD"}}).code ==
        rmqrpc::errc::not_found);
}

TEST_CASE("a committed profile change is announced with accounts.changed, a refused one is not",
          "[accounts][integration]") {
  accounts_stack s;
  const auto sam = s.active_user("sam", "sam@example.org");
  const auto tom = s.active_user("tom", "tom@example.org");
  s.call("db.accounts.update", {{"user_id", sam}, {"default_currency", "JPY"}});
  CHECK(s.wait_profile_changes(1) == std::vector<std::int64_t>{sam});

  // Refused or unchanged profiles: nothing to announce.
  s.fail("db.accounts.update", {{"user_id", sam}, {"default_currency", "XYZ"}});
  s.fail("db.accounts.update", {{"user_id", 999999}, {"default_currency", "USD"}});
  s.fail("db.pictures.put", {{"user_id", sam}, {"png_base64", "iVBORw0KGgoAAA"}});
  s.fail("db.pictures.put", {{"user_id", 999999}, {"png_base64", k_tiny_png}});
  s.call("db.accounts.profile", {{"user_id", sam}});
  s.call("db.accounts.password",
         {{"user_id", sam}, {"password_hash", cambio::testing::k_new_password_hash}});

  // A picture changes the profile too (has_picture, its etag). The calls above ran one after the
  // other, so an event of theirs would have been queued before this one, and in all likelihood
  // counted first.
  s.call("db.pictures.put", {{"user_id", tom}, {"png_base64", k_tiny_png}});
  CHECK(s.wait_profile_changes(2) == std::vector<std::int64_t>{sam, tom});
}

TEST_CASE("a password change revokes the other sessions and every refresh family, keeps one",
          "[accounts][integration]") {
  accounts_stack s;
  const auto tom = s.active_user("tom", "tom@example.org");
  const auto uma = s.active_user("uma", "uma@example.org");
  for (const auto* label : {"t1", "t2", "t3"}) s.call("db.sessions.create", session(label, tom));
  s.call("db.sessions.create", session("u1", uma));
  s.call("db.tokens.issue",
         {{"token_hash", hash_of("rt1")}, {"user_id", tom}, {"expires_in_s", 2592000}});
  s.call("db.tokens.issue",
         {{"token_hash", hash_of("rt2")}, {"user_id", tom}, {"expires_in_s", 2592000}});
  s.call("db.tokens.issue",
         {{"token_hash", hash_of("ru1")}, {"user_id", uma}, {"expires_in_s", 2592000}});

  const auto changed =
      s.call("db.accounts.password", {{"user_id", tom},
                                      {"password_hash", cambio::testing::k_new_password_hash},
                                      {"keep_session_hash", hash_of("t2")}});
  CHECK(changed == json{{"revoked_sessions", 2}});
  CHECK(s.call("db.accounts.credentials",
               {{"login", "tom"}, {"address", "192.0.2.1"}})["user"]["password_hash"] ==
        cambio::testing::k_new_password_hash);
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("t1")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("t3")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("t2")}})["user_id"] == tom);
  for (const auto* token : {"rt1", "rt2"}) {
    CHECK(s.fail("db.tokens.rotate", {{"token_hash", hash_of(token)},
                                      {"new_token_hash", hash_of(std::string(token) + "n")},
                                      {"expires_in_s", 2592000}})
              .code == rmqrpc::errc::unauthenticated);
  }
  // Uma's session and tokens are untouched.
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("u1")}})["user_id"] == uma);
  CHECK(s.call("db.tokens.rotate", {{"token_hash", hash_of("ru1")},
                                    {"new_token_hash", hash_of("ru2")},
                                    {"expires_in_s", 2592000}})["user_id"] == uma);

  // Without keep_session_hash: every session goes. Keeping another user's session keeps nothing
  // of that user's (and revokes none of them).
  s.call("db.sessions.create", session("t4", tom));
  CHECK(s.call("db.accounts.password", {{"user_id", tom},
                                        {"password_hash", cambio::testing::k_password_hash},
                                        {"keep_session_hash", hash_of("u1")}}) ==
        json{{"revoked_sessions", 2}});
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("u1")}})["user_id"] == uma);
  CHECK(s.call("db.accounts.password",
               {{"user_id", tom}, {"password_hash", cambio::testing::k_password_hash}}) ==
        json{{"revoked_sessions", 0}});
  CHECK(s.fail("db.accounts.password",
               {{"user_id", 999999}, {"password_hash", cambio::testing::k_password_hash}})
            .code == rmqrpc::errc::not_found);
}

TEST_CASE("pictures: stored and read back with an etag, bad signature and oversize refused",
          "[accounts][integration]") {
  accounts_stack s;
  const auto vic = s.active_user("vic", "vic@example.org");
  CHECK(s.fail("db.pictures.get", {{"user_id", vic}}).code == rmqrpc::errc::not_found);

  const auto put = s.call("db.pictures.put", {{"user_id", vic}, {"png_base64", k_tiny_png}});
  const auto got = s.call("db.pictures.get", {{"user_id", vic}});
  CHECK(got["png_base64"] == k_tiny_png);
  CHECK(got["etag"] == put["etag"]);
  const auto profile = s.call("db.accounts.profile", {{"user_id", vic}});
  CHECK(profile["has_picture"] == true);
  CHECK(profile["picture_etag"] == put["etag"]);

  // A new picture, a new etag; the largest allowed size is stored and read back whole (one line).
  const auto largest = base64(png_of_size(512 * 1024));
  const auto replaced = s.call("db.pictures.put", {{"user_id", vic}, {"png_base64", largest}});
  CHECK(replaced["etag"] != put["etag"]);
  CHECK(s.call("db.pictures.get", {{"user_id", vic}})["png_base64"] == largest);

  // Refused, and the stored picture stays.
  const auto oversize = s.fail(
      "db.pictures.put", {{"user_id", vic}, {"png_base64", base64(png_of_size(512 * 1024 + 1))}});
  CHECK(oversize.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(oversize.message, Catch::Contains("524289 bytes"));
  CHECK(
      s.fail("db.pictures.put", {{"user_id", vic}, {"png_base64", base64(png_of_size(700 * 1024))}})
          .code == rmqrpc::errc::invalid_argument);
  const auto jpeg =
      s.fail("db.pictures.put",
             {{"user_id", vic}, {"png_base64", base64("\xff\xd8\xff\xe0 not a png at all")}});
  CHECK(jpeg.code == rmqrpc::errc::invalid_argument);
  CHECK_THAT(jpeg.message, Catch::Contains("not a PNG"));
  const auto broken =
      s.fail("db.pictures.put", {{"user_id", vic}, {"png_base64", "iVBORw0KGgoAAA"}});
  CHECK(broken.code == rmqrpc::errc::invalid_argument);
  CHECK(s.call("db.pictures.get", {{"user_id", vic}})["etag"] == replaced["etag"]);

  CHECK(s.fail("db.pictures.put", {{"user_id", 999999}, {"png_base64", k_tiny_png}}).code ==
        rmqrpc::errc::not_found);
}

TEST_CASE("another user's id reads and changes only that user's rows", "[accounts][integration]") {
  accounts_stack s;
  const auto wes = s.active_user("wes", "wes@example.org");
  const auto xia = s.active_user("xia", "xia@example.org");
  s.call("db.pictures.put", {{"user_id", wes}, {"png_base64", k_tiny_png}});
  s.call("db.sessions.create", session("w1", wes));
  s.call("db.sessions.create", session("x1", xia));

  // Xia's id gives Xia's profile, never Wes's picture; changes under Xia's id stay with Xia.
  const auto theirs = s.call("db.accounts.profile", {{"user_id", xia}});
  CHECK(theirs["username"] == "xia");
  CHECK(theirs["has_picture"] == false);
  CHECK(s.fail("db.pictures.get", {{"user_id", xia}}).code == rmqrpc::errc::not_found);
  s.call("db.accounts.update", {{"user_id", xia}, {"default_currency", "GBP"}});
  s.call("db.accounts.password",
         {{"user_id", xia}, {"password_hash", cambio::testing::k_new_password_hash}});
  s.call("db.pictures.put", {{"user_id", xia}, {"png_base64", base64(png_of_size(100))}});

  const auto mine = s.call("db.accounts.profile", {{"user_id", wes}});
  CHECK(mine["default_currency"] == "EUR");
  CHECK(mine["has_picture"] == true);
  CHECK(s.call("db.pictures.get", {{"user_id", wes}})["png_base64"] == k_tiny_png);
  CHECK(s.call("db.sessions.get", {{"session_hash", hash_of("w1")}})["user_id"] == wes);
  CHECK(s.fail("db.sessions.get", {{"session_hash", hash_of("x1")}}).code ==
        rmqrpc::errc::not_found);
  CHECK(s.call("db.accounts.credentials",
               {{"login", "wes"}, {"address", "192.0.2.1"}})["user"]["password_hash"] ==
        cambio::testing::k_password_hash);
  CHECK(s.sql("SELECT count(*) FROM users WHERE default_currency = 'GBP'")[0][0].as<int>() == 1);
}
