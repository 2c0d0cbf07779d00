#pragma once
// The rates-ingestor's side of db-proxy's db.rates.* queues, for one provider's sets. Calls throw
// rmqrpc::error as db-proxy answers (unavailable while the database is out).

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rates/rate_set.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::rates {

// The db.rates.* wire shape of a set: {"date", "base", "rates"} (plus "provider" when read).
nlohmann::json to_json(const rate_set& set);
rate_set rate_set_from_json(const nlohmann::json& j);

struct store_summary {
  long days_held = 0;
  std::optional<cambio::date> first_date;
  std::optional<cambio::date> last_date;
  std::optional<std::string> last_stored_at;  // UTC, ISO 8601
};

class rate_store {
 public:
  rate_store(rmqrpc::client& rpc, std::string provider);

  const std::string& provider() const { return provider_; }

  // Stores the sets (in requests of at most 1000); returns the dates newly stored.
  std::vector<cambio::date> store(const std::vector<rate_set>& sets);
  // The set on or before `date` (the newest without one); nullopt when none is held that early.
  // `options` carries a handler's deadline to the nested call.
  std::optional<rate_set> get(std::optional<cambio::date> on_or_before = std::nullopt,
                              const rmqrpc::call_options& options = {});
  std::set<cambio::date> dates(cambio::date from, cambio::date to);
  store_summary summary();
  // Each set in [from, to] with the rates of `currencies` ({"date","base","rates"} points).
  nlohmann::json history(cambio::date from, cambio::date to,
                         const std::vector<std::string>& currencies,
                         const rmqrpc::call_options& options = {});
  long prune(cambio::date before, int keep_at_least);

 private:
  rmqrpc::client& rpc_;
  std::string provider_;
};

}  // namespace cambio::rates
