#pragma once
// The alerts of the JSON API (Bearer access token, the per-user rate limit: api_guard.hpp):
//
//   GET    /api/v1/alerts?base=&quote=&status=&limit=&after=
//            → {"alerts": [alert...], "next_after": id | null}   newest first; `after` = the
//              previous page's next_after (keyset)
//   POST   /api/v1/alerts {base, quote, threshold, condition?, window_days?, mode?, cooldown_s?,
//                          delivery?}                             → 201 alert (Location)
//   GET    /api/v1/alerts/{id}?history_limit=                   → alert + "history"
//   PATCH  /api/v1/alerts/{id} {status: "active"|"paused"}       → alert
//   DELETE /api/v1/alerts/{id}                                   → 204
//
// An alert is db-proxy's alert object (without the public id of its unsubscribe link) plus
// "current": {"ratio", "date", "source"} (alert_views.hpp: alert_json) or null when the rates
// backend has no ratio for the pair. Another user's id answers 404 like an unknown one.
// Problems with the fields → 400 with details.fields (field → sentence); over
// CAMBIO_ALERTS_PER_USER → 429 resource_exhausted.

#include <memory>

#include <httplib.h>

#include "alerts/alert_settings.hpp"
#include "api/api_context.hpp"
#include "rates/rates_backend.hpp"

namespace cambio::frontend::alerts {

void append_alert_api(httplib::Server& routes, api::context_source context, rates_backend& rates,
                      std::shared_ptr<const alert_settings> settings);

}  // namespace cambio::frontend::alerts
