// db.pictures.put and db.pictures.get: a user's profile picture, the 256×256 PNG the frontend
// re-encoded from the upload. db-proxy checks what it can without decoding an image — the PNG
// signature and the size cap — so whatever reaches the table is at least a PNG of bounded size
// (the table's CHECK says the same). The etag is sha256 of the bytes, computed by the database.

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include <sodium.h>

#include "db_proxy/accounts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// The base64 goes to the database as text (checked here first): decode() makes the bytea.
constexpr query k_upsert_picture{"upsert_picture", R"(
  INSERT INTO pictures (user_id, png) VALUES ($1, decode($2, 'base64'))
  ON CONFLICT (user_id) DO UPDATE SET png = excluded.png, updated_at = now()
  RETURNING etag)"};

// encode() breaks base64 into lines of 76 characters: the wire wants one string.
constexpr query k_select_picture{"select_picture", R"(
  SELECT translate(encode(png, 'base64'), E'\n', ''), etag,
         to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM pictures WHERE user_id = $1)"};

constexpr unsigned char k_png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

[[noreturn]] void reject(const std::string& message) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, "png_base64: " + message);
}

// Throws invalid_argument unless `base64` decodes to at most the cap, starting with the signature.
void check_png(const std::string& base64) {
  std::vector<unsigned char> bytes(base64.size() / 4 * 3 + 3);
  std::size_t length = 0;
  if (sodium_init() < 0 ||
      sodium_base642bin(bytes.data(), bytes.size(), base64.data(), base64.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    reject("not valid base64");
  }
  if (length > k_max_picture_bytes) {
    reject("the picture is " + std::to_string(length) + " bytes; at most " +
           std::to_string(k_max_picture_bytes) + " are stored");
  }
  if (length < sizeof k_png_signature ||
      !std::equal(std::begin(k_png_signature), std::end(k_png_signature), bytes.begin())) {
    reject("not a PNG (no PNG signature)");
  }
}

}  // namespace

nlohmann::json put_picture(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  const auto& base64 = params.at("png_base64").get_ref<const std::string&>();
  check_png(base64);
  return db.pool.with_connection(k_upsert_picture.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement (autocommit)
    pqxx::result rows;
    try {
      rows = exec(tx, k_upsert_picture, user_id, base64);
    } catch (const pqxx::foreign_key_violation&) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no user " + std::to_string(user_id));
    }
    return nlohmann::json{{"etag", rows[0][0].as<std::string>()}};
  });
}

nlohmann::json get_picture(database& db, const nlohmann::json& params, clock::time_point deadline) {
  db.require_ready();
  const auto user_id = params.at("user_id").get<std::int64_t>();
  return db.pool.with_connection(k_select_picture.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement
    const auto rows = exec(tx, k_select_picture, user_id);
    if (rows.empty()) {
      throw rmqrpc::error(rmqrpc::errc::not_found,
                          "user " + std::to_string(user_id) + " has no picture");
    }
    return nlohmann::json{{"png_base64", rows[0][0].as<std::string>()},
                          {"etag", rows[0][1].as<std::string>()},
                          {"updated_at", rows[0][2].as<std::string>()}};
  });
}

}  // namespace cambio::db_proxy
