#pragma once
// The rates page (GET /rates) as HTML, from what the backend answered: the latest rates against a
// base (chosen with a <select>), the rate date, a conversion form and its result, a pair's history
// as an inline SVG chart, and a banner when the rates are offline data. Pure functions; every text
// that comes from a request or a backend is escaped. One document, no script, no external asset.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rates/history_chart.hpp"
#include "rates/rates_query.hpp"

namespace cambio::frontend {

struct conversion_view {
  std::string from, to, amount;          // the form's values
  std::optional<nlohmann::json> result;  // a rates.convert reply
  std::string error;                     // why there is no result ("" when none was asked)
};

struct chart_view {
  currency_pair pair;
  bool chosen = false;  // picked by the user (kept when the base changes) or the default
  int days = 30;
  std::vector<chart_point> points;
  std::string error;  // why there are no points
};

struct rates_page_model {
  std::string base;
  std::string date;  // of the rate set
  std::string provider;
  bool offline = false;
  std::vector<std::pair<std::string, double>> rates;  // units per 1 base, by code
  std::vector<std::string> currencies;                // the selects' choices (the base too), sorted
  chart_view chart;
  conversion_view conversion;
};

// The parts of the model that come from a rates.latest reply.
rates_page_model page_model_from(const nlohmann::json& latest_reply);
// The points of `quote` in a rates.history reply.
std::vector<chart_point> chart_points(const nlohmann::json& history_reply,
                                      const std::string& quote);

std::string render_rates_page(const rates_page_model& model);
// A complete page for when the rates cannot be shown, titled after the HTTP status it goes with
// (400 "Check the request", 404 "No rates found", 503/504 "Rates are unavailable right now"): the
// message and a way back.
std::string render_rates_error_page(int status, std::string_view message);

}  // namespace cambio::frontend
