#include "accounts/profile_cache.hpp"

#include "cambio/metrics.hpp"

namespace cambio::frontend::accounts {
namespace {

cambio::metrics::counter& lookups(cambio::metrics::registry& metrics, const std::string& outcome) {
  return metrics.counter("frontend_profile_cache_lookups_total",
                         "Profiles asked of the profile cache, by outcome", {{"outcome", outcome}});
}

}  // namespace

profile_cache::profile_cache(profile_cache_settings settings, cambio::metrics::registry& metrics,
                             connection_source connection, std::function<clock::time_point()> now)
    : settings_(settings),
      connection_(std::move(connection)),
      now_(std::move(now)),
      hits_(lookups(metrics, "hit")),
      misses_(lookups(metrics, "miss")) {}

profile profile_cache::get(std::int64_t user_id, const std::function<profile()>& read) {
  const auto connection = connection_();
  const auto started = now_();
  std::uint64_t forgets_before = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto hit = lookup(user_id, connection, started)) {
      hits_.inc();
      return std::move(*hit);
    }
    forgets_before = forgets_;
  }
  misses_.inc();
  auto fresh = read();
  if (connection == 0 || settings_.ttl.count() == 0 || settings_.entries == 0) return fresh;
  std::lock_guard lock(mutex_);
  if (forgets_ != forgets_before) return fresh;
  // Full: any one entry makes room (a miss costs one call to db-proxy); stale ones also go when
  // looked up.
  if (entries_.size() >= settings_.entries && !entries_.contains(user_id)) {
    entries_.erase(entries_.begin());
  }
  entries_.insert_or_assign(user_id, entry{fresh, started, connection});
  return fresh;
}

std::optional<profile> profile_cache::lookup(std::int64_t user_id, std::uint64_t connection,
                                             clock::time_point now) {
  if (connection == 0) {  // down: events may be lost from now on
    entries_.clear();
    return std::nullopt;
  }
  const auto it = entries_.find(user_id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.connection != connection || now - it->second.read_at >= settings_.ttl) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.value;
}

void profile_cache::forget(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  ++forgets_;
  entries_.erase(user_id);
}

}  // namespace cambio::frontend::accounts
