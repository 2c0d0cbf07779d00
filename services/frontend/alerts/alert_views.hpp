#pragma once
// The alert pages as HTML and the alerts of the JSON API, from db-proxy's alert objects (the
// alerts contract) and the current market (pair_ratio.hpp): pure functions over page_layout.hpp's
// templates (templates/alerts.mustache, alert.mustache, unsubscribe.mustache). Every value from a
// request or a backend is escaped by the templates.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "alerts/alert_form.hpp"
#include "alerts/pair_ratio.hpp"
#include "page_layout.hpp"

namespace cambio::frontend::alerts {

// The list page shows this many alerts at a time (the API's default too).
constexpr int k_page_size = 20;

// A ratio to 6 significant digits ("1.0956", "0.0061234", "97250.1").
std::string ratio_text(double value);
// "2026-11-24" for a rate date or a midnight UTC time; "2026-11-24 10:15 UTC" for another time.
std::string market_time_text(const std::string& iso);
// "1 hour", "6 hours", "1 day", "7 days", "90 seconds".
std::string cooldown_text(std::int64_t seconds);
// "crosses 1.085", "above 1.085", "below 1.085", "moves 2.5% within 7 days".
std::string condition_text(const nlohmann::json& alert);
// "once" or "repeats, at most every 1 day".
std::string mode_text(const nlohmann::json& alert);
// "instant mail" or "daily digest".
std::string delivery_text(const std::string& delivery);

// An alert as the list and the alert page show it.
template_data alert_row(const nlohmann::json& alert, const market& m);

// The create form as it was sent (kept on a refused form), with its problems.
struct create_form {
  field_values values;
  std::map<std::string, std::string> problems;
  std::string error;      // a banner above the form
  std::string public_id;  // the form's idempotency key: a double submit makes one alert
};

struct alerts_page {
  nlohmann::json alerts = nlohmann::json::array();
  market now;
  bool rates_missing = false;
  list_query query;
  std::optional<std::int64_t> next_after;
  create_form form;
};
std::string render_alerts_page(const page_frame& frame, const alerts_page& view);

std::string render_alert_page(const page_frame& frame, const nlohmann::json& alert,
                              const nlohmann::json& history, const market& now, bool rates_missing);

// The one-click unsubscribe page: the confirmation (a button that POSTs the link), the result,
// or a link that is not valid.
enum class unsubscribe_step { confirm, done, invalid };
struct unsubscribe_view {
  unsubscribe_step step = unsubscribe_step::invalid;
  std::string token;
  bool digest = false;  // the daily digest rather than one alert
  std::int64_t paused = 0;
};
std::string render_unsubscribe_page(const page_frame& frame, const unsubscribe_view& view);

// An alert of the JSON API: db-proxy's object without its public_id, plus "current":
// {"ratio", "date", "source": "rates"|"btc"} or null.
nlohmann::json alert_json(const nlohmann::json& alert, const market& m);

}  // namespace cambio::frontend::alerts
