#include "cambio/service.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/rates.hpp"

namespace cambio::db_proxy {

void append_rates(cambio::service& service, std::shared_ptr<database> db) {
  using fn = nlohmann::json (*)(database&, const nlohmann::json&, clock::time_point);
  const std::pair<const char*, fn> queues[] = {
      {"db.rates.store", store_rate_sets}, {"db.rates.get", get_rate_set},
      {"db.rates.history", rate_history},  {"db.rates.dates", rate_dates},
      {"db.rates.summary", rate_summary},  {"db.rates.prune", prune_rate_sets},
  };
  for (const auto& [queue, handle] : queues) {
    service.server().handle(queue, [db, handle = handle](const rmqrpc::request& r) {
      return handle(*db, r.params(), r.deadline());
    });
  }
}

}  // namespace cambio::db_proxy
