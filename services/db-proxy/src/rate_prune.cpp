// db.rates.prune: drops a provider's sets dated before a horizon, but never one of its
// `keep_at_least` newest sets, whatever the horizon says (the rates-ingestor keeps a month).

#include "cambio/iso_date.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/rates.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

constexpr query k_prune_sets{"prune_rate_sets", R"(
  DELETE FROM rate_sets
  WHERE provider = $1 AND rate_date < $2
    AND rate_date < (SELECT min(rate_date) FROM (
          SELECT rate_date FROM rate_sets WHERE provider = $1
          ORDER BY rate_date DESC LIMIT $3) AS newest))"};

}  // namespace

nlohmann::json prune_rate_sets(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  const auto& provider = params.at("provider").get_ref<const std::string&>();
  const auto before = cambio::parse_iso_date(params.at("before").get<std::string>());
  if (!before) throw rmqrpc::error(rmqrpc::errc::invalid_argument, "before is not a calendar date");
  const auto keep = params.at("keep_at_least").get<long>();
  return db.pool.with_connection(k_prune_sets.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    const auto deleted = exec(tx, k_prune_sets, provider, cambio::to_iso(*before), keep);
    tx.commit();
    return nlohmann::json{{"deleted", deleted.affected_rows()}};
  });
}

}  // namespace cambio::db_proxy
