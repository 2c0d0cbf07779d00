#include "db_proxy/connection_pool.hpp"

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

const std::shared_ptr<spdlog::logger>& pool_log() {
  static const auto logger = cambio::log::get("db.pool");
  return logger;
}

// libpq and libpqxx messages end in newlines and may span several lines; logs want one.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) != 0 || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 0x0F];
    }
  }
  return out;
}

std::string quote_value(std::string_view text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

bool is_uri(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// Whether a key=value connection string or a URI's query already sets `key`.
bool sets_key(std::string_view conninfo, std::string_view key) {
  std::size_t from = 0;
  if (is_uri(conninfo)) {
    from = conninfo.find('?');
    if (from == std::string_view::npos) return false;
  }
  for (auto at = conninfo.find(key, from); at != std::string_view::npos;
       at = conninfo.find(key, at + 1)) {
    const char before = at == 0 ? ' ' : conninfo[at - 1];
    auto after = at + key.size();
    while (after < conninfo.size() && conninfo[after] == ' ') ++after;
    const bool starts = before == ' ' || before == '?' || before == '&';
    if (starts && after < conninfo.size() && conninfo[after] == '=') return true;
  }
  return false;
}

// An idle connection whose socket is readable has been closed or terminated by the server (we never
// LISTEN, so nothing else arrives unasked): handing it out would only fail the caller's first
// query.
bool closed_by_server(const pqxx::connection& c) {
  const int fd = c.sock();
  if (fd < 0) return true;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace

std::string connection_string(const pool_settings& settings) {
  const auto seconds = std::max<std::int64_t>(1, (settings.connect_timeout.count() + 999) / 1000);
  std::string out = settings.url;
  const auto add = [&](std::string_view key, const std::string& value) {
    if (sets_key(out, key)) return;
    if (is_uri(out)) {
      out += out.find('?') == std::string::npos ? '?' : '&';
      out.append(key).append("=").append(percent_encode(value));
    } else {
      if (!out.empty()) out += ' ';
      out.append(key).append("=").append(quote_value(value));
    }
  };
  add("connect_timeout", std::to_string(seconds));
  if (!settings.application_name.empty()) add("application_name", settings.application_name);
  return out;
}

bool is_connection_failure(std::string_view sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

connection_pool::lease::lease(lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(other.slot_),
      connection_(other.connection_),
      discard_(other.discard_) {}

connection_pool::lease::~lease() {
  if (pool_ != nullptr) pool_->release(slot_, discard_);
}

connection_pool::connection_pool(pool_settings settings, cambio::metrics::registry& metrics)
    : settings_(std::move(settings)),
      connection_string_(connection_string(settings_)),
      metrics_(metrics),
      open_gauge_(metrics.gauge("db_pool_connections_open", "Open PostgreSQL connections")),
      busy_gauge_(metrics.gauge("db_pool_connections_busy", "PostgreSQL connections in use")),
      up_gauge_(metrics.gauge("db_up", "1 while the database answers, 0 after a failure")),
      connect_failures_(metrics.counter("db_pool_connect_failures_total",
                                        "Failed attempts to connect to PostgreSQL")),
      wait_timeouts_(
          metrics.counter("db_pool_wait_timeouts_total",
                          "Callers that found no free connection before their deadline")),
      slots_(settings_.size) {
  if (settings_.size == 0) throw std::invalid_argument("connection_pool: size must be at least 1");
  metrics.gauge("db_pool_size", "PostgreSQL connections at most")
      .set(static_cast<double>(settings_.size));
}

connection_pool::~connection_pool() = default;

connection_pool::lease connection_pool::acquire(clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  std::size_t index = slots_.size();
  const auto find_free = [&] {
    index = slots_.size();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].busy) continue;
      if (slots_[i].connection) {
        index = i;  // an open connection beats an empty slot
        return true;
      }
      if (index == slots_.size()) index = i;
    }
    return index != slots_.size();
  };
  if (!freed_.wait_until(lock, deadline, find_free)) {
    wait_timeouts_.inc();
    throw rmqrpc::error(rmqrpc::errc::deadline_exceeded,
                        "no database connection became free before the deadline");
  }
  slot& s = slots_[index];
  s.busy = true;
  std::unique_ptr<pqxx::connection> stale;
  if (s.connection && closed_by_server(*s.connection)) {
    pool_log()->info("connection {} was closed by the server while idle; reconnecting", index);
    stale = std::move(s.connection);
  }
  update_gauges_locked();
  if (s.connection) return lease(this, index, s.connection.get());

  lock.unlock();
  stale.reset();
  std::unique_ptr<pqxx::connection> fresh;
  try {
    fresh = connect();
  } catch (...) {
    release(index, true);
    throw;
  }
  lock.lock();
  s.connection = std::move(fresh);
  update_gauges_locked();
  return lease(this, index, s.connection.get());
}

std::unique_ptr<pqxx::connection> connection_pool::connect() {
  try {
    auto c = std::make_unique<pqxx::connection>(connection_string_);
    note_up();
    return c;
  } catch (const std::exception& e) {
    connect_failures_.inc();
    note_down(one_line(e.what()));
    throw rmqrpc::error(rmqrpc::errc::unavailable, "database unavailable");
  }
}

void connection_pool::release(std::size_t index, bool discard) noexcept {
  std::unique_ptr<pqxx::connection> closing;
  {
    std::lock_guard lock(mutex_);
    slot& s = slots_[index];
    if (s.connection && (discard || !s.connection->is_open())) closing = std::move(s.connection);
    s.busy = false;
    update_gauges_locked();
  }
  freed_.notify_one();
  // Closing talks to the server (or times out on a dead one): not under the lock.
  closing.reset();
}

void connection_pool::update_gauges_locked() {
  std::size_t open = 0;
  std::size_t busy = 0;
  for (const auto& s : slots_) {
    open += s.connection ? 1 : 0;
    busy += s.busy ? 1 : 0;
  }
  open_gauge_.set(static_cast<double>(open));
  busy_gauge_.set(static_cast<double>(busy));
}

void connection_pool::note_up() {
  std::lock_guard lock(mutex_);
  if (up_) return;
  up_ = true;
  since_ = clock::now();
  down_detail_.clear();
  up_gauge_.set(1);
  pool_log()->info("database is reachable");
}

void connection_pool::note_down(const std::string& detail) {
  std::lock_guard lock(mutex_);
  up_gauge_.set(0);
  if (!up_ && detail == down_detail_) return;
  if (up_) since_ = clock::now();
  up_ = false;
  down_detail_ = detail;
  pool_log()->warn(
      "database unavailable: {}; requests are answered `unavailable` and the next use reconnects",
      detail);
}

void connection_pool::record(std::string_view operation,
                             std::chrono::steady_clock::time_point started, bool failed) {
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  const cambio::metrics::labels labels{{"operation", std::string(operation)}};
  metrics_
      .histogram("db_operation_duration_seconds", "Time of database operations, waiting included",
                 labels)
      .observe(took.count());
  if (failed) {
    metrics_.counter("db_operation_failures_total", "Database operations that failed", labels)
        .inc();
  } else {
    bool up = false;
    {
      std::lock_guard lock(mutex_);
      up = up_;
    }
    if (!up) note_up();
  }
}

void connection_pool::rethrow_failure(std::string_view operation, lease* l,
                                      std::chrono::steady_clock::time_point started) {
  // The error to throw for a lost connection.
  const auto lost = [&](std::string_view what) {
    const auto detail = one_line(what);
    if (l != nullptr) l->discard();
    record(operation, started, true);
    note_down(detail);
    pool_log()->warn("{}: database connection lost ({}); answering unavailable", operation, detail);
    return rmqrpc::error(rmqrpc::errc::unavailable, "database unavailable");
  };
  const auto session_gone = [&] { return l != nullptr && !l->connection().is_open(); };
  try {
    throw;
  } catch (const rmqrpc::error& e) {
    // A client error thrown by `fn` (not_found, conflict, ...) is an answer, not a failure.
    record(operation, started, e.code() >= rmqrpc::errc::deadline_exceeded);
    throw;
  } catch (const pqxx::broken_connection& e) {
    throw lost(e.what());
  } catch (const pqxx::in_doubt_error& e) {
    throw lost(e.what());
  } catch (const pqxx::sql_error& e) {
    if (is_connection_failure(e.sqlstate()) || session_gone()) throw lost(e.what());
    record(operation, started, true);
    throw;
  } catch (const std::exception& e) {
    if (session_gone()) throw lost(e.what());
    record(operation, started, true);
    throw;
  } catch (...) {
    record(operation, started, true);
    throw;
  }
}

pool_state connection_pool::state() const {
  std::lock_guard lock(mutex_);
  pool_state out{up_, down_detail_, since_, 0, 0, slots_.size()};
  for (const auto& s : slots_) {
    out.open += s.connection ? 1 : 0;
    out.busy += s.busy ? 1 : 0;
  }
  return out;
}

}  // namespace cambio::db_proxy
