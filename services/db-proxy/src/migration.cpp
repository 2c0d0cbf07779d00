#include "db_proxy/migration.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>

namespace cambio::db_proxy {
namespace {

bool is_name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

std::string file_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string padded(int version) {
  auto text = std::to_string(version);
  return std::string(text.size() < 3 ? 3 - text.size() : 0, '0') + text;
}

}  // namespace

std::optional<migration_name> parse_migration_file_name(std::string_view path) {
  const std::string file = file_name(path);
  constexpr std::string_view suffix = ".sql";
  if (!file.ends_with(suffix)) return std::nullopt;
  const std::string_view stem = std::string_view(file).substr(0, file.size() - suffix.size());
  const auto underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore < 3) return std::nullopt;
  const auto digits = stem.substr(0, underscore);
  if (!std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return std::nullopt;
  }
  const auto name = stem.substr(underscore + 1);
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) return std::nullopt;
  int version = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size() || version <= 0) {
    return std::nullopt;
  }
  return migration_name{version, std::string(name)};
}

std::string migration_checksum(std::string_view sql) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(sql.data()), sql.size());
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0x0F];
  }
  return out;
}

std::vector<migration> load_migrations(const std::map<std::string, std::string>& files) {
  std::vector<migration> out;
  for (const auto& [path, sql] : files) {
    const auto parsed = parse_migration_file_name(path);
    if (!parsed) {
      throw migration_error("'" + path +
                            "' is not a migration file name: expected NNN_name.sql with NNN the "
                            "version (001, 002, ...) and name in lowercase letters, digits and _");
    }
    out.push_back({parsed->version, parsed->name, file_name(path), sql, migration_checksum(sql)});
  }
  std::sort(out.begin(), out.end(),
            [](const migration& a, const migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    if (i > 0 && out[i].version == out[i - 1].version) {
      throw migration_error("migrations " + out[i - 1].file + " and " + out[i].file +
                            " have the same version " + padded(out[i].version) +
                            ": renumber the newer one");
    }
    if (out[i].version != expected) {
      throw migration_error("migration " + padded(expected) + " is missing (found " + out[i].file +
                            "): migrations are numbered from 001 without gaps");
    }
  }
  return out;
}

migration_plan plan_migrations(const std::vector<migration>& available,
                               const std::vector<applied_migration>& applied) {
  migration_plan plan;
  std::map<int, const applied_migration*> done;
  for (const auto& a : applied) {
    done[a.version] = &a;
    plan.schema_version = std::max(plan.schema_version, a.version);
  }
  std::map<int, const migration*> known;
  for (const auto& m : available) {
    known[m.version] = &m;
    const auto it = done.find(m.version);
    if (it == done.end()) {
      plan.pending.push_back(m);
    } else if (it->second->checksum != m.checksum) {
      throw migration_error(
          "migration " + m.file + " was changed after it was applied to this database (checksum " +
          it->second->checksum + " in schema_migrations, " + m.checksum +
          " in this build): applied migrations must not be edited; restore the file and add a new "
          "migration for the change. Refusing to start.");
    }
  }
  for (const auto& a : applied) {
    if (!known.contains(a.version)) plan.unknown.push_back(a);
  }
  return plan;
}

}  // namespace cambio::db_proxy
