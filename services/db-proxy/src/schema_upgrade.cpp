#include "db_proxy/schema_upgrade.hpp"

#include <algorithm>
#include <random>

#include "cambio/log.hpp"
#include "db_proxy/migration_runner.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

const std::shared_ptr<spdlog::logger>& migrations_log() {
  static const auto logger = cambio::log::get("db.migrations");
  return logger;
}

}  // namespace

schema_upgrade::schema_upgrade(connection_pool& pool, std::vector<migration> migrations,
                               schema_upgrade_settings settings, fatal_handler on_fatal)
    : pool_(pool),
      migrations_(std::move(migrations)),
      settings_(settings),
      on_fatal_(std::move(on_fatal)) {
  status_.detail = "migrations not started";
}

schema_upgrade::~schema_upgrade() { stop(); }

void schema_upgrade::start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable() || stopping_) return;
  status_.detail = "connecting to the database";
  worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void schema_upgrade::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  worker_.request_stop();
  changed_.notify_all();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
}

bool schema_upgrade::ready() const {
  std::lock_guard lock(mutex_);
  return status_.state == schema_status::phase::ready;
}

schema_status schema_upgrade::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool schema_upgrade::wait_ready(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return status_.state != schema_status::phase::pending; });
  return status_.state == schema_status::phase::ready;
}

void schema_upgrade::finish(schema_status::phase phase, int version, std::string detail) {
  {
    std::lock_guard lock(mutex_);
    status_.state = phase;
    status_.version = version;
    status_.detail = std::move(detail);
  }
  changed_.notify_all();
}

void schema_upgrade::run(const std::stop_token& stop) {
  std::minstd_rand random(std::random_device{}());
  auto delay = settings_.retry_min;
  for (int attempt = 1;; ++attempt) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      status_.attempts = attempt;
    }
    try {
      // Waiting for a pooled connection is not the problem here: allow a long deadline.
      const auto report = pool_.with_connection(
          "migrate", clock::now() + std::chrono::hours(1),
          [&](pqxx::connection& c) { return apply_migrations(c, migrations_, stop); });
      finish(schema_status::phase::ready, report.schema_version, "");
      return;
    } catch (const migrations_stopped&) {
      return;
    } catch (const rmqrpc::error& e) {
      const auto detail = pool_.state().detail;
      migrations_log()->warn(
          "cannot migrate yet: database unreachable (attempt {}: {}); retrying in {} ms", attempt,
          detail.empty() ? e.what() : detail, delay.count());
      std::lock_guard lock(mutex_);
      status_.detail = "database unreachable: " + (detail.empty() ? std::string(e.what()) : detail);
    } catch (const std::exception& e) {
      migrations_log()->critical("cannot migrate the database: {}", e.what());
      finish(schema_status::phase::failed, 0, e.what());
      if (on_fatal_) on_fatal_(e.what());
      return;
    }
    std::unique_lock lock(mutex_);
    if (changed_.wait_for(lock, delay, [&] { return stopping_; })) return;
    // Exponential backoff with jitter: the next delay is in [delay, 2 * delay], capped.
    const auto doubled = std::min(settings_.retry_max, delay * 2);
    std::uniform_int_distribution<long long> pick(delay.count(), std::max(delay, doubled).count());
    delay = std::min(settings_.retry_max, std::chrono::milliseconds(pick(random)));
  }
}

}  // namespace cambio::db_proxy
