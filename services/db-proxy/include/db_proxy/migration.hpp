#pragma once
// Schema migrations, the pure part: which files are migrations, their order, their checksums, and
// what a database still needs given what it has applied.
//
// A migration is a file `migrations/NNN_name.sql` of services/db-proxy: NNN is its version (three
// digits or more, from 001 up without gaps or repeats), `name` is lowercase letters, digits and
// underscores. The files are compiled into db-proxy, which applies them at start (see
// migration_runner.hpp); the same files build the test databases and the docker-compose staging
// database, because both are made by db-proxy starting against an empty database. An applied
// migration is never edited: its checksum is recorded, and a db-proxy whose copy differs refuses to
// start. Change the schema by adding the next file.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cambio::db_proxy {

// A migration set that cannot be applied: a badly named or numbered file, or an applied migration
// whose file has changed. The message says which file and what to do.
class migration_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct migration {
  int version = 0;
  std::string name;  // "foundation"
  std::string file;  // "001_foundation.sql"
  std::string sql;
  std::string checksum;  // sha256 of `sql`, lowercase hex
};

// A row of the schema_migrations table.
struct applied_migration {
  int version = 0;
  std::string name;
  std::string checksum;
};

struct migration_name {
  int version = 0;
  std::string name;
};

// The version and name of a migration file (any leading directories are ignored), or nothing when
// the file name does not follow NNN_name.sql.
std::optional<migration_name> parse_migration_file_name(std::string_view path);

// Lowercase hex SHA-256 of `sql`.
std::string migration_checksum(std::string_view sql);

// The migrations of a set of files (path → SQL), ordered by version. Throws migration_error for a
// file that is not named NNN_name.sql, a repeated version, or a gap in the numbering (which must
// start at 001).
std::vector<migration> load_migrations(const std::map<std::string, std::string>& files);

// The migrations compiled into db-proxy.
const std::vector<migration>& embedded_migrations();

struct migration_plan {
  std::vector<migration> pending;          // still to apply, in order
  std::vector<applied_migration> unknown;  // applied, but not in this build (a newer db-proxy's)
  int schema_version = 0;                  // the newest version applied so far
};

// What `available` still has to apply to a database that has `applied`. Throws migration_error when
// an applied migration's checksum differs from this build's file.
migration_plan plan_migrations(const std::vector<migration>& available,
                               const std::vector<applied_migration>& applied);

}  // namespace cambio::db_proxy
