#include "db_proxy/migration_runner.hpp"

#include <algorithm>
#include <chrono>

#include "cambio/log.hpp"
#include "db_proxy/connection_pool.hpp"
#include "db_proxy/query.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_try_lock{"migrations_try_lock", "SELECT pg_try_advisory_lock($1)"};
constexpr query k_lock{"migrations_lock", "SELECT pg_advisory_lock($1)"};
constexpr query k_unlock{"migrations_unlock", "SELECT pg_advisory_unlock($1)"};
constexpr query k_set_lock_timeout{"migrations_set_lock_timeout", "SET lock_timeout = '500ms'"};
constexpr query k_reset_lock_timeout{"migrations_reset_lock_timeout", "RESET lock_timeout"};
constexpr std::string_view k_lock_not_available = "55P03";
constexpr query k_create_bookkeeping{"migrations_create_bookkeeping", R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version      integer     PRIMARY KEY,
  name         text        NOT NULL,
  checksum     text        NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now(),
  execution_ms integer     NOT NULL
))"};
constexpr query k_bookkeeping_exists{"migrations_bookkeeping_exists",
                                     "SELECT to_regclass('schema_migrations') IS NOT NULL"};
constexpr query k_select_applied{
    "migrations_select_applied",
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version"};
constexpr query k_insert_applied{"migrations_insert_applied",
                                 "INSERT INTO schema_migrations (version, name, checksum, "
                                 "execution_ms) VALUES ($1, $2, $3, $4)"};

const std::shared_ptr<spdlog::logger>& migrations_log() {
  static const auto logger = cambio::log::get("db.migrations");
  return logger;
}

// Holds the migration lock for its lifetime. Unlocking on a lost connection is moot: the server
// releases session locks when the session ends.
class migration_lock {
 public:
  migration_lock(pqxx::connection& c, const std::stop_token& stop) : c_(c) {
    {
      pqxx::nontransaction tx(c_);
      if (exec(tx, k_try_lock, k_migration_lock_key)[0][0].as<bool>()) return;
      migrations_log()->info("another db-proxy is migrating this database; waiting for its lock");
      exec(tx, k_set_lock_timeout);
    }
    // Wait in slices of lock_timeout, so that a stop request is noticed.
    for (;;) {
      pqxx::nontransaction tx(c_);
      if (stop.stop_requested()) {
        exec(tx, k_reset_lock_timeout);
        throw migrations_stopped("stopped while waiting for the migration lock");
      }
      try {
        exec(tx, k_lock, k_migration_lock_key);
        exec(tx, k_reset_lock_timeout);
        return;
      } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != k_lock_not_available) throw;
      }
    }
  }
  ~migration_lock() {
    try {
      if (!c_.is_open()) return;
      pqxx::nontransaction tx(c_);
      exec(tx, k_unlock, k_migration_lock_key);
    } catch (const std::exception& e) {
      migrations_log()->warn("could not release the migration lock ({}); it goes with the session",
                             e.what());
    }
  }
  migration_lock(const migration_lock&) = delete;
  migration_lock& operator=(const migration_lock&) = delete;

 private:
  pqxx::connection& c_;
};

void apply_one(pqxx::connection& c, const migration& m) {
  migrations_log()->info("applying migration {}", m.file);
  const auto started = std::chrono::steady_clock::now();
  try {
    pqxx::work tx(c, "migration");
    tx.exec(m.sql, m.file);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    exec(tx, k_insert_applied, m.version, m.name, m.checksum, static_cast<int>(took.count()));
    tx.commit();
    migrations_log()->info("applied migration {} in {} ms", m.file, took.count());
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    throw;
  } catch (const pqxx::sql_error& e) {
    if (is_connection_failure(e.sqlstate()) || !c.is_open()) throw;
    throw migration_error("migration " + m.file + " failed and was rolled back: " + e.what());
  }
}

}  // namespace

std::vector<applied_migration> read_applied_migrations(pqxx::connection& c) {
  pqxx::read_transaction tx(c);
  std::vector<applied_migration> out;
  if (!exec(tx, k_bookkeeping_exists)[0][0].as<bool>()) return out;
  for (const auto& row : exec(tx, k_select_applied)) {
    out.push_back({row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  return out;
}

migration_report apply_migrations(pqxx::connection& c, const std::vector<migration>& available,
                                  const std::stop_token& stop) {
  migration_lock lock(c, stop);
  {
    pqxx::work tx(c);
    exec(tx, k_create_bookkeeping);
    tx.commit();
  }
  const auto plan = plan_migrations(available, read_applied_migrations(c));
  for (const auto& unknown : plan.unknown) {
    migrations_log()->warn(
        "the database has migration {} ({}) that this build does not know: a newer db-proxy "
        "applied it; carrying on",
        unknown.version, unknown.name);
  }
  migration_report report{plan.schema_version, {}};
  for (const auto& m : plan.pending) {
    apply_one(c, m);
    report.applied.push_back(m.version);
    report.schema_version = std::max(report.schema_version, m.version);
  }
  if (report.applied.empty()) {
    migrations_log()->info("schema is up to date at version {}", report.schema_version);
  } else {
    migrations_log()->info("schema migrated to version {} ({} applied)", report.schema_version,
                           report.applied.size());
  }
  return report;
}

}  // namespace cambio::db_proxy
