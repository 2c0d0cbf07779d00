#pragma once
// The only PostgreSQL connections of Cambio: a fixed number of libpqxx connections shared by the
// handler threads of db-proxy.
//
//   connection_pool pool(settings, metrics);
//   auto n = pool.with_connection("count_users", request.deadline(), [](pqxx::connection& c) {
//     pqxx::read_transaction tx(c);
//     return exec(tx, k_count_users)[0][0].as<long>();
//   });
//
// Connections are opened lazily, on first use of a slot. A caller waits for a free connection until
// its deadline (then `deadline_exceeded`). A lost connection (pqxx::broken_connection, a failed
// connect, or a server error of the "connection" kind such as an administrator's termination) is
// closed and reported as rmqrpc::error(unavailable, "database unavailable"); the next use of that
// slot connects again, so the service recovers by itself when the database comes back.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace cambio::metrics {
class registry;
class gauge;
class counter;
}  // namespace cambio::metrics

namespace cambio::db_proxy {

// The clock of rmqrpc deadlines.
using clock = std::chrono::system_clock;

struct pool_settings {
  std::string url;       // a libpq URI (postgresql://...) or key=value connection string
  std::size_t size = 8;  // connections at most
  std::chrono::milliseconds connect_timeout{5000};  // libpq counts whole seconds (rounded up)
  std::string application_name = "db-proxy";        // shown in pg_stat_activity
};

// What the pool last learned about the database.
struct pool_state {
  bool up = false;          // false until a connection succeeds, and after a connection is lost
  std::string detail;       // why it is down ("" while up)
  clock::time_point since;  // when `up` last changed
  std::size_t open = 0;     // connections open
  std::size_t busy = 0;     // connections leased
  std::size_t size = 0;
};

// The libpq connection string of `settings`: the URL plus connect_timeout and application_name
// (kept when the URL sets them).
std::string connection_string(const pool_settings& settings);

// Whether a SQLSTATE says the session is gone rather than the statement wrong: class 08
// (connection exception) and 57P01..57P03 (administrator or crash shutdown, cannot connect now).
bool is_connection_failure(std::string_view sqlstate);

class connection_pool {
 public:
  // One leased connection, returned to the pool on destruction.
  class lease {
   public:
    lease(lease&& other) noexcept;
    lease& operator=(lease&&) = delete;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease();

    pqxx::connection& connection() { return *connection_; }
    // Closes the connection instead of returning it: its slot reconnects on next use.
    void discard() noexcept { discard_ = true; }

   private:
    friend class connection_pool;
    lease(connection_pool* pool, std::size_t slot, pqxx::connection* connection)
        : pool_(pool), slot_(slot), connection_(connection) {}

    connection_pool* pool_;
    std::size_t slot_;
    pqxx::connection* connection_;
    bool discard_ = false;
  };

  connection_pool(pool_settings settings, cambio::metrics::registry& metrics);
  ~connection_pool();
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  // A connected connection; waits for a free one until `deadline`. Throws rmqrpc::error:
  // deadline_exceeded when none frees up in time, unavailable when connecting fails.
  lease acquire(clock::time_point deadline);

  // Runs fn(pqxx::connection&) on a leased connection and returns its result. `operation` names
  // what runs, in logs and metrics (db_operation_duration_seconds, db_operation_failures_total).
  // A lost connection is discarded and thrown as rmqrpc::error(unavailable); any other exception
  // passes through unchanged.
  template <class Fn>
  auto with_connection(std::string_view operation, clock::time_point deadline, Fn&& fn)
      -> std::invoke_result_t<Fn&, pqxx::connection&>;

  pool_state state() const;
  const pool_settings& settings() const { return settings_; }

 private:
  struct slot {
    std::unique_ptr<pqxx::connection> connection;
    bool busy = false;
  };

  void release(std::size_t slot, bool discard) noexcept;
  std::unique_ptr<pqxx::connection> connect();
  void note_up();
  void note_down(const std::string& detail);
  void update_gauges_locked();
  void record(std::string_view operation, std::chrono::steady_clock::time_point started,
              bool failed);
  // Called from a catch block: classifies the exception in flight, discards the lease's connection
  // when it is lost and throws rmqrpc::error(unavailable), or rethrows the exception unchanged.
  // `l` is null when acquiring failed.
  [[noreturn]] void rethrow_failure(std::string_view operation, lease* l,
                                    std::chrono::steady_clock::time_point started);

  const pool_settings settings_;
  const std::string connection_string_;
  cambio::metrics::registry& metrics_;
  cambio::metrics::gauge& open_gauge_;
  cambio::metrics::gauge& busy_gauge_;
  cambio::metrics::gauge& up_gauge_;
  cambio::metrics::counter& connect_failures_;
  cambio::metrics::counter& wait_timeouts_;

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<slot> slots_;
  bool up_ = false;
  std::string down_detail_ = "not connected yet";
  clock::time_point since_ = clock::now();
};

template <class Fn>
auto connection_pool::with_connection(std::string_view operation, clock::time_point deadline,
                                      Fn&& fn) -> std::invoke_result_t<Fn&, pqxx::connection&> {
  const auto started = std::chrono::steady_clock::now();
  std::optional<lease> l;
  try {
    l.emplace(acquire(deadline));
    if constexpr (std::is_void_v<std::invoke_result_t<Fn&, pqxx::connection&>>) {
      fn(l->connection());
      record(operation, started, false);
    } else {
      auto result = fn(l->connection());
      record(operation, started, false);
      return result;
    }
  } catch (...) {
    rethrow_failure(operation, l ? &*l : nullptr, started);
  }
}

}  // namespace cambio::db_proxy
