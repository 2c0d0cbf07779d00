#pragma once
// Applies schema migrations (migration.hpp) to a database.

#include <cstdint>
#include <stdexcept>
#include <stop_token>
#include <vector>

#include <pqxx/pqxx>

#include "db_proxy/migration.hpp"

namespace cambio::db_proxy {

// The key of the session advisory lock held while migrating ("cambio" in ASCII).
inline constexpr std::int64_t k_migration_lock_key = 0x63616d62696f;

class migrations_stopped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct migration_report {
  int schema_version = 0;    // the newest version applied, now
  std::vector<int> applied;  // the versions this call applied
};

// Brings the database of `c` up to date with `available`. Holds the session advisory lock
// k_migration_lock_key meanwhile, so that db-proxy replicas starting together apply each migration
// once; creates the schema_migrations bookkeeping table (version, name, checksum, applied_at,
// execution_ms) if it is missing; applies each pending migration in its own transaction together
// with its bookkeeping row.
// Throws migration_error when an applied migration was changed or a migration fails (that
// migration is rolled back; those before it stay applied), migrations_stopped when `stop` is
// requested while it waits for another db-proxy's lock. Connection failures pass through as
// libpqxx exceptions: the caller retries.
migration_report apply_migrations(pqxx::connection& c, const std::vector<migration>& available,
                                  const std::stop_token& stop = {});

// The rows of schema_migrations, by version; empty when the table does not exist yet.
std::vector<applied_migration> read_applied_migrations(pqxx::connection& c);

}  // namespace cambio::db_proxy
