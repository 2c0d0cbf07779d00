// The db.alerts.* queues (alerts.hpp): thin handlers over alert_management.cpp and
// alert_evaluation.cpp; the evaluations announce the mails they queued after the commit.

#include "db_proxy/alerts.hpp"
#include "db_proxy/queue_table.hpp"

namespace cambio::db_proxy {

void append_alerts(cambio::service& service, std::shared_ptr<database> db) {
  serve(service, db,
        {{"db.alerts.create", create_alert},
         {"db.alerts.list", list_alerts},
         {"db.alerts.get", get_alert},
         {"db.alerts.set_status", set_alert_status},
         {"db.alerts.delete", delete_alert},
         {"db.alerts.unsubscribe", unsubscribe_alerts}});
  serve_mailing(service, db,
                {{"db.alerts.evaluate", evaluate_rates},
                 {"db.alerts.sweep", sweep_alerts},
                 {"db.alerts.tick", evaluate_tick},
                 {"db.alerts.digest", send_digests}});
}

}  // namespace cambio::db_proxy
