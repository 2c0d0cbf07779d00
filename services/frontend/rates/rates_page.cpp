#include "rates/rates_page.hpp"

#include <optional>

#include "cambio/log.hpp"
#include "http_error.hpp"
#include "rates/rates_page_view.hpp"
#include "rates/rates_query.hpp"
#include "request_id.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("rates-page");
  return log;
}

constexpr const char* k_html = "text/html; charset=utf-8";

nlohmann::json chart_params(const chart_view& chart, const std::string& newest_date) {
  const auto to = *cambio::parse_iso_date(newest_date);
  return {{"base", chart.pair.base},
          {"quote", chart.pair.quote},
          {"from", cambio::to_iso(cambio::add_days(to, -chart.days))},
          {"to", newest_date}};
}

// The form's values: as asked, else base → the chart's other currency, 100.
conversion_view conversion_form(const rates_page_query& q, const rates_page_model& m) {
  conversion_view c;
  c.from = q.conversion ? q.conversion->from : q.from.empty() ? m.base : q.from;
  c.to = q.conversion                   ? q.conversion->to
         : !q.to.empty()                ? q.to
         : m.chart.pair.quote != c.from ? m.chart.pair.quote
                                        : m.chart.pair.base;
  c.amount = q.amount.empty() ? "100" : q.amount;
  c.error = q.conversion_error;
  return c;
}

std::string render(rates_backend& backend, const rates_page_query& q) {
  const auto deadline = backend.deadline();
  nlohmann::json latest_params = nlohmann::json::object();
  if (q.base) latest_params["base"] = *q.base;
  auto latest = backend.call_async("rates.latest", latest_params, deadline);
  std::optional<std::future<nlohmann::json>> converted;
  if (q.conversion) {
    converted = backend.call_async("rates.convert", convert_params(*q.conversion), deadline);
  }

  auto model = page_model_from(rates_backend::await(latest, deadline, "rates.latest"));
  model.chart.pair = q.chart.value_or(default_chart(model.base));
  model.chart.chosen = q.chart.has_value();
  model.chart.days = q.days;
  try {
    const auto history =
        backend.call("rates.history", chart_params(model.chart, model.date), deadline);
    model.chart.points = chart_points(history, model.chart.pair.quote);
  } catch (const rmqrpc::error& e) {
    model.chart.error = friendly_message(e);
  }
  model.conversion = conversion_form(q, model);
  if (converted) {
    try {
      model.conversion.result = rates_backend::await(*converted, deadline, "rates.convert");
    } catch (const rmqrpc::error& e) {
      model.conversion.error = friendly_message(e);
    }
  }
  return render_rates_page(model);
}

}  // namespace

void append_rates_page(httplib::Server& routes, rates_backend& backend) {
  routes.Get("/rates", [&backend](const httplib::Request& req, httplib::Response& res) {
    const auto id = request_id_of(req);
    cambio::log::request_scope scope(id);
    res.set_header("X-Request-Id", id);
    try {
      res.set_content(render(backend, parse_rates_page_query(req.params)), k_html);
      res.set_header("Cache-Control", "public, max-age=60");
    } catch (const rmqrpc::error& e) {
      res.status = http_status(e);
      if (is_server_error(e.code())) {
        logger()->warn("GET /rates: {} ({}); answered {}", e.what(), rmqrpc::to_string(e.code()),
                       res.status);
      }
      if (res.status == 503) res.set_header("Retry-After", "10");
      res.set_header("Cache-Control", "no-store");
      res.set_content(render_rates_error_page(res.status, friendly_message(e)), k_html);
    }
  });
}

}  // namespace cambio::frontend
