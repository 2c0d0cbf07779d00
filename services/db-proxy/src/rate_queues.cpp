#include "db_proxy/queue_table.hpp"
#include "db_proxy/rates.hpp"

namespace cambio::db_proxy {

void append_rates(cambio::service& service, std::shared_ptr<database> db) {
  serve(service, db,
        {{"db.rates.store", store_rate_sets},
         {"db.rates.get", get_rate_set},
         {"db.rates.history", rate_history},
         {"db.rates.dates", rate_dates},
         {"db.rates.summary", rate_summary},
         {"db.rates.prune", prune_rate_sets}});
}

}  // namespace cambio::db_proxy
