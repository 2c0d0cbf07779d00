#pragma once
// The profiles this frontend replica read lately, so that GET /api/v1/me and the profile page do
// not call db-proxy while nothing changed.
//
//   profile_cache cache({.ttl = 60s, .entries = 10000}, metrics,
//                       [&s] { return s.server().connection_number(); });
//   auto p = cache.get(user_id, [&] { return read_from_db_proxy(user_id); });
//   cache.forget(user_id);  // on accounts.changed, and after this replica's own change
//
// db-proxy publishes accounts.changed once a change of a profile has committed; every replica
// hears it on a broadcast queue of its own and forgets that user. Events published while that
// subscription is down are lost, so an entry is served only while the subscription is up and has
// stayed up since the entry was read (the connection number is the same). A read that overlapped
// a forget() is not kept: it may hold what the change replaced. The ttl bounds what the events
// cannot cover: db-proxy dying between its commit and its publish, or a connection lost before
// the link notices. Another replica's change shows here once its event arrives (milliseconds).

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "accounts/profile_flows.hpp"

namespace cambio::metrics {
class counter;
class registry;
}  // namespace cambio::metrics

namespace cambio::frontend::accounts {

struct profile_cache_settings {
  std::chrono::seconds ttl{60};  // 0: no caching, every read goes to db-proxy
  std::size_t entries = 10000;   // at most this many users' profiles
};

class profile_cache {
 public:
  using clock = std::chrono::steady_clock;
  // The connection number of the subscription that brings accounts.changed: 0 while it is down
  // (rmqrpc::server::connection_number).
  using connection_source = std::function<std::uint64_t()>;

  // Counts hits and misses in `metrics` (frontend_profile_cache_lookups_total{outcome}).
  profile_cache(profile_cache_settings settings, cambio::metrics::registry& metrics,
                connection_source connection, std::function<clock::time_point()> now = clock::now);

  // The user's profile: the cached copy if it may be trusted, else read() (which throws as it
  // will), kept for the next time.
  profile get(std::int64_t user_id, const std::function<profile()>& read);
  // The user's profile changed.
  void forget(std::int64_t user_id);

 private:
  struct entry {
    profile value;
    clock::time_point read_at;
    std::uint64_t connection;
  };
  std::optional<profile> lookup(std::int64_t user_id, std::uint64_t connection,
                                clock::time_point now);

  profile_cache_settings settings_;
  connection_source connection_;
  std::function<clock::time_point()> now_;
  cambio::metrics::counter& hits_;
  cambio::metrics::counter& misses_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, entry> entries_;
  std::uint64_t forgets_ = 0;  // every forget() so far: a read that overlapped one is not kept
};

}  // namespace cambio::frontend::accounts
