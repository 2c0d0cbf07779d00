#include "db_proxy/database_health.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "db_proxy/database.hpp"
#include "db_proxy/ping.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {

database_check assess_database(const pool_state& pool, const schema_status& schema,
                               const ping_outcome& ping, clock::time_point now) {
  const auto connections =
      fmt::format("{}/{} connections open, {} busy", pool.open, pool.size, pool.busy);
  bool reachable = pool.up;
  std::string answer;
  if (!ping.finished) {
    answer = pool.up ? "ping slow (still running)" : "ping still running";
  } else if (ping.ok) {
    reachable = true;
    answer = fmt::format("ping {:.1f} ms", ping.latency_ms);
  } else if (ping.pool_busy) {
    answer = "no connection free for a ping";
  } else {
    reachable = false;
    answer = "ping failed";
  }
  if (!reachable) {
    const auto why = pool.detail.empty() ? ping.error : pool.detail;
    const auto down_for = std::chrono::duration_cast<std::chrono::seconds>(now - pool.since);
    return {false,
            fmt::format("down for {} s: {}; {}; {}", std::max<std::int64_t>(0, down_for.count()),
                        why.empty() ? "not reachable" : why, answer, connections)};
  }
  switch (schema.state) {
    case schema_status::phase::ready:
      return {true,
              fmt::format("up, schema version {}, {}, {}", schema.version, answer, connections)};
    case schema_status::phase::failed:
      return {false, "migrations failed: " + schema.detail};
    case schema_status::phase::pending:
      break;
  }
  return {false, fmt::format("up, migrations pending ({}); {}", schema.detail, answer)};
}

database_health::database_health(std::shared_ptr<database> db, std::chrono::milliseconds budget)
    : db_(std::move(db)), budget_(budget) {}

database_health::~database_health() = default;  // the probe's future waits for a ping in flight

database_check database_health::check() {
  std::shared_future<ping_outcome> probe;
  {
    std::lock_guard lock(mutex_);
    if (!probe_.valid() || probe_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      probe_ = std::async(std::launch::async, [db = db_, budget = budget_] {
                 ping_outcome out{true, false, false, 0, ""};
                 try {
                   out.latency_ms = ping_database(db->pool, clock::now() + budget).count();
                   out.ok = true;
                 } catch (const rmqrpc::error& e) {
                   out.pool_busy = e.code() == rmqrpc::errc::deadline_exceeded;
                   out.error = e.what();
                 } catch (const std::exception& e) {
                   out.error = e.what();
                 }
                 return out;
               }).share();
    }
    probe = probe_;
  }
  ping_outcome ping;
  if (probe.wait_for(budget_) == std::future_status::ready) ping = probe.get();
  return assess_database(db_->pool.state(), db_->schema.status(), ping, clock::now());
}

}  // namespace cambio::db_proxy
