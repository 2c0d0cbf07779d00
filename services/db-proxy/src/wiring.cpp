#include "db_proxy/wiring.hpp"

#include <cstdlib>
#include <memory>

#include "cambio/log.hpp"
#include "cambio/service.hpp"
#include "db_proxy/accounts.hpp"
#include "db_proxy/alerts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/database_health.hpp"
#include "db_proxy/mail.hpp"
#include "db_proxy/ping.hpp"
#include "db_proxy/prices.hpp"
#include "db_proxy/rates.hpp"

namespace cambio::db_proxy {
namespace {

// Exit code of a db-proxy that refuses to run on its database (a changed or failing migration).
constexpr int k_exit_migration_failed = 3;

// The schema upgrade has logged why; serving on a schema it cannot migrate would be worse than
// stopping (a restart policy retries, and the operator sees the exit code).
[[noreturn]] void refuse_to_run(const std::string&) {
  cambio::log::get("db.migrations")
      ->critical("db-proxy stops (exit code {}): the database schema cannot be migrated",
                 k_exit_migration_failed);
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
  std::_Exit(k_exit_migration_failed);
}

}  // namespace

pool_settings read_pool_settings(const cambio::config& cfg) {
  pool_settings s;
  s.url = cfg.get("CAMBIO_PG_URL", "");
  s.size = static_cast<std::size_t>(cfg.get_int("CAMBIO_PG_POOL_SIZE", 8, 1, 1000));
  s.connect_timeout = cfg.get_ms("CAMBIO_PG_CONNECT_TIMEOUT_MS", std::chrono::milliseconds(5000));
  return s;
}

void wire(cambio::service& service) {
  auto settings = read_pool_settings(service.config());
  settings.application_name = service.identity().name;
  auto db =
      std::make_shared<database>(std::move(settings), service.metrics(), embedded_migrations(),
                                 schema_upgrade_settings{}, refuse_to_run);
  auto health = std::make_shared<database_health>(db);
  service.add_health_check("database", [health] {
    const auto check = health->check();
    return cambio::health_check{check.ok, check.detail};
  });
  append_ping(service, db);
  append_rates(service, db);
  append_prices(service, db);
  append_accounts(service, db);
  append_mail(service, db);
  append_alerts(service, db);
  service.on_start([db] {
    if (db->pool.settings().url.empty()) {
      throw cambio::config_error(
          "CAMBIO_PG_URL is not set (required): the PostgreSQL database, e.g. "
          "postgresql://cambio@127.0.0.1:5432/cambio");
    }
    db->schema.start();
  });
  service.on_stop([db] { db->schema.stop(); });
}

}  // namespace cambio::db_proxy
