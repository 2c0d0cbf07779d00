#include "rates/rate_store.hpp"

#include <algorithm>

#include "rmqrpc/client.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {
namespace {

constexpr std::size_t k_sets_per_request = 1000;  // db.rates.store's maxItems
// A store of 1,000 sets is one transaction of ~40,000 rows: give it more than a call's default.
constexpr std::chrono::milliseconds k_store_timeout{30000};

cambio::date date_of(const nlohmann::json& text) {
  const auto d = cambio::parse_iso_date(text.get<std::string>());
  if (!d) throw rmqrpc::error(rmqrpc::errc::internal, "db-proxy sent a bad date: " + text.dump());
  return *d;
}

std::optional<cambio::date> optional_date(const nlohmann::json& j) {
  return j.is_null() ? std::nullopt : std::optional(date_of(j));
}

}  // namespace

nlohmann::json to_json(const rate_set& set) {
  return {{"date", cambio::to_iso(set.date)}, {"base", set.base}, {"rates", set.rates}};
}

rate_set rate_set_from_json(const nlohmann::json& j) {
  rate_set set;
  set.provider = j.value("provider", "");
  set.date = date_of(j.at("date"));
  set.base = j.at("base").get<std::string>();
  set.rates = j.at("rates").get<std::map<std::string, double>>();
  return set;
}

rate_store::rate_store(rmqrpc::client& rpc, std::string provider)
    : rpc_(rpc), provider_(std::move(provider)) {}

std::vector<cambio::date> rate_store::store(const std::vector<rate_set>& sets) {
  std::vector<cambio::date> stored;
  for (std::size_t i = 0; i < sets.size(); i += k_sets_per_request) {
    nlohmann::json batch = nlohmann::json::array();
    for (std::size_t j = i; j < std::min(sets.size(), i + k_sets_per_request); ++j) {
      batch.push_back(to_json(sets[j]));
    }
    const auto reply = rpc_.call("db.rates.store", {{"provider", provider_}, {"sets", batch}},
                                 {.timeout = k_store_timeout});
    for (const auto& d : reply.at("stored_dates")) stored.push_back(date_of(d));
  }
  return stored;
}

std::optional<rate_set> rate_store::get(std::optional<cambio::date> on_or_before,
                                        const rmqrpc::call_options& options) {
  nlohmann::json params = {{"provider", provider_}};
  if (on_or_before) params["date"] = cambio::to_iso(*on_or_before);
  try {
    return rate_set_from_json(rpc_.call("db.rates.get", params, options));
  } catch (const rmqrpc::error& e) {
    if (e.code() == rmqrpc::errc::not_found) return std::nullopt;
    throw;
  }
}

std::set<cambio::date> rate_store::dates(cambio::date from, cambio::date to) {
  const auto reply = rpc_.call(
      "db.rates.dates",
      {{"provider", provider_}, {"from", cambio::to_iso(from)}, {"to", cambio::to_iso(to)}});
  std::set<cambio::date> out;
  for (const auto& d : reply.at("dates")) out.insert(date_of(d));
  return out;
}

store_summary rate_store::summary() {
  const auto reply = rpc_.call("db.rates.summary", {{"provider", provider_}});
  store_summary s;
  s.days_held = reply.at("days_held").get<long>();
  s.first_date = optional_date(reply.at("first_date"));
  s.last_date = optional_date(reply.at("last_date"));
  if (!reply.at("last_stored_at").is_null()) s.last_stored_at = reply["last_stored_at"];
  return s;
}

nlohmann::json rate_store::history(cambio::date from, cambio::date to,
                                   const std::vector<std::string>& currencies,
                                   const rmqrpc::call_options& options) {
  return rpc_
      .call("db.rates.history",
            {{"provider", provider_},
             {"from", cambio::to_iso(from)},
             {"to", cambio::to_iso(to)},
             {"currencies", currencies}},
            options)
      .at("points");
}

long rate_store::prune(cambio::date before, int keep_at_least) {
  return rpc_
      .call("db.rates.prune", {{"provider", provider_},
                               {"before", cambio::to_iso(before)},
                               {"keep_at_least", keep_at_least}})
      .at("deleted")
      .get<long>();
}

}  // namespace cambio::rates
