#include "rates/rates_page_view.hpp"

#include <algorithm>
#include <array>

#include "cambio/currency.hpp"
#include "html.hpp"
#include "page_layout.hpp"
#include "rates/number_format.hpp"

namespace cambio::frontend {
namespace {

constexpr int k_chart_width = 600;
constexpr int k_chart_height = 260;
constexpr std::array<int, 5> k_periods{7, 30, 90, 180, 365};

std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + escape_html(value) + "\"";
}

// The site's stylesheet and navigation (templates/layout.mustache's, with one "Account" entry:
// this page does not look up the session).
std::string head(std::string_view title) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n"
         "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "  <title>" +
         escape_html(title) + "</title>\n  <link rel=\"stylesheet\" href=\"/static/cambio.css?v=" +
         stylesheet_version() +
         "\">\n</head>\n<body>\n"
         "  <header class=\"site\"><a class=\"brand\" href=\"/\">Cambio</a>\n"
         "    <nav id=\"nav\" aria-label=\"Main\"><a href=\"/\">Home</a> <a href=\"/rates\" "
         "aria-current=\"page\">Rates</a> <a href=\"/alerts\">Alerts</a> <a "
         "href=\"/wallet\">Wallet</a> <a href=\"/orders\">Orders</a> <a "
         "href=\"/profile\">Account</a></nav>\n  </header>\n  <main>\n";
}

constexpr std::string_view k_tail = "  </main>\n</body>\n</html>\n";

std::string currency_name(const std::string& code) {
  const auto* info = cambio::currency::find(code);
  return info ? std::string(info->name) : code;
}

std::string select(std::string_view id, std::string_view name,
                   const std::vector<std::string>& currencies, const std::string& selected) {
  std::string out = "<select" + attr("id", id) + attr("name", name) + ">";
  for (const auto& code : currencies) {
    out += "<option" + attr("value", code) + (code == selected ? " selected" : "") + ">" +
           escape_html(code + " — " + currency_name(code)) + "</option>";
  }
  return out + "</select>";
}

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\"" + attr("name", name) + attr("value", value) + ">";
}

std::string pair_text(const currency_pair& p) { return p.base + "-" + p.quote; }

// The page's state other forms carry along: the base, and the chart when one was chosen.
std::string kept_state(const rates_page_model& m, bool with_base) {
  std::string out;
  if (with_base) out += hidden("base", m.base);
  if (m.chart.chosen) out += hidden("chart", pair_text(m.chart.pair));
  if (m.chart.days != 30) out += hidden("days", std::to_string(m.chart.days));
  return out;
}

std::string offline_banner(const rates_page_model& m) {
  if (!m.offline) return {};
  return "  <p class=\"banner offline\" id=\"offline-banner\" role=\"status\"><strong>Offline "
         "data:</strong> these rates come from stored data (" +
         escape_html(m.provider) + "), not a live feed; the newest set is of " +
         escape_html(m.date) + ".</p>\n";
}

std::string latest_section(const rates_page_model& m) {
  std::string out = "  <section id=\"latest\">\n    <h2>1 " + escape_html(m.base) +
                    " in other currencies</h2>\n    <p>Reference rates of <time id=\"rate-date\"" +
                    attr("datetime", m.date) + ">" + escape_html(m.date) + "</time> (" +
                    escape_html(m.provider) + ").</p>\n";
  out += "    <form id=\"base-form\" method=\"get\" action=\"/rates\">" + kept_state(m, false) +
         "<label for=\"base\">Base currency" + select("base", "base", m.currencies, m.base) +
         "</label><button type=\"submit\">Show</button></form>\n";
  out += "    <table id=\"rates\">\n      <thead><tr><th>Currency</th><th class=\"num\">1 " +
         escape_html(m.base) + " =</th><th class=\"num\">= 1 " + escape_html(m.base) +
         "</th></tr></thead>\n      <tbody>\n";
  for (const auto& [code, rate] : m.rates) {
    out += "        <tr><td><abbr" + attr("title", currency_name(code)) + ">" + escape_html(code) +
           "</abbr></td><td class=\"num\">" + format_rate(rate, 6) + "</td><td class=\"num\">" +
           (rate > 0 ? format_rate(1 / rate, 6) : std::string("–")) + "</td></tr>\n";
  }
  return out + "      </tbody>\n    </table>\n  </section>\n";
}

std::string conversion_section(const rates_page_model& m) {
  const auto& c = m.conversion;
  std::string out = "  <section id=\"convert\">\n    <h2>Convert</h2>\n";
  out += "    <form id=\"convert-form\" method=\"get\" action=\"/rates\">" + kept_state(m, true) +
         "<label for=\"amount\">Amount<input id=\"amount\" name=\"amount\" inputmode=\"decimal\" "
         "required pattern=\"[0-9]+([.][0-9]+)?\"" +
         attr("value", c.amount) + "></label><label for=\"from\">From" +
         select("from", "from", m.currencies, c.from) + "</label><label for=\"to\">To" +
         select("to", "to", m.currencies, c.to) +
         "</label><button type=\"submit\">Convert</button></form>\n";
  if (c.result) {
    const auto& r = *c.result;
    out += "    <p><output id=\"conversion-result\" for=\"amount from to\">" +
           escape_html(r.value("amount", "") + " " + r.value("from", "") + " = " +
                       r.value("result", "") + " " + r.value("to", "")) +
           "</output><br><small>at " + format_rate(r.value("rate", 0.0), 6) + ", rates of " +
           escape_html(r.value("date", "")) + "</small></p>\n";
    if (r.contains("note")) {
      out += "    <p><small>" + escape_html(r.value("note", "")) + "</small></p>\n";
    }
  } else if (!c.error.empty()) {
    out += "    <p class=\"error\" id=\"conversion-error\" role=\"alert\">" + escape_html(c.error) +
           "</p>\n";
  }
  return out + "  </section>\n";
}

std::string chart_section(const rates_page_model& m) {
  const auto& c = m.chart;
  std::string out = "  <section id=\"history\">\n    <h2>" + escape_html(c.pair.base) + " → " +
                    escape_html(c.pair.quote) + ", last " + std::to_string(c.days) + " days</h2>\n";
  // The choices: the base against every other currency, and the chart shown now.
  std::vector<std::string> pairs;
  for (const auto& code : m.currencies) {
    if (code != m.base) pairs.push_back(m.base + "-" + code);
  }
  const auto shown = pair_text(c.pair);
  if (std::find(pairs.begin(), pairs.end(), shown) == pairs.end())
    pairs.insert(pairs.begin(), shown);
  out += "    <form id=\"chart-form\" method=\"get\" action=\"/rates\">" + hidden("base", m.base) +
         "<label for=\"chart\">Pair<select id=\"chart\" name=\"chart\">";
  for (const auto& p : pairs) {
    out += "<option" + attr("value", p) + (p == shown ? " selected" : "") + ">" + escape_html(p) +
           "</option>";
  }
  out += "</select></label><label for=\"days\">Period<select id=\"days\" name=\"days\">";
  std::vector<int> periods(k_periods.begin(), k_periods.end());
  if (std::find(periods.begin(), periods.end(), c.days) == periods.end()) {
    periods.push_back(c.days);
    std::sort(periods.begin(), periods.end());
  }
  for (const int d : periods) {
    out += "<option" + attr("value", std::to_string(d)) + (d == c.days ? " selected" : "") + ">" +
           std::to_string(d) + " days</option>";
  }
  out += "</select></label><button type=\"submit\">Show</button></form>\n";
  if (!c.error.empty()) {
    out += "    <p class=\"error\" id=\"chart-error\" role=\"alert\">" + escape_html(c.error) +
           "</p>\n";
  } else {
    out += "    <figure id=\"chart\">" +
           render_history_svg(c.points, k_chart_width, k_chart_height) + "</figure>\n";
  }
  return out + "  </section>\n";
}

}  // namespace

rates_page_model page_model_from(const nlohmann::json& latest_reply) {
  rates_page_model m;
  m.base = latest_reply.at("base").get<std::string>();
  m.date = latest_reply.at("date").get<std::string>();
  m.provider = latest_reply.at("provider").get<std::string>();
  m.offline = latest_reply.at("offline").get<bool>();
  for (const auto& [code, rate] : latest_reply.at("rates").items()) {
    m.rates.emplace_back(code, rate.get<double>());
    m.currencies.push_back(code);
  }
  std::sort(m.rates.begin(), m.rates.end());
  if (std::find(m.currencies.begin(), m.currencies.end(), m.base) == m.currencies.end()) {
    m.currencies.push_back(m.base);
  }
  std::sort(m.currencies.begin(), m.currencies.end());
  return m;
}

std::vector<chart_point> chart_points(const nlohmann::json& history_reply,
                                      const std::string& quote) {
  std::vector<chart_point> out;
  for (const auto& p : history_reply.at("points")) {
    const auto& rates = p.at("rates");
    if (rates.contains(quote)) {
      out.push_back({p.at("date").get<std::string>(), rates.at(quote).get<double>()});
    }
  }
  return out;
}

std::string render_rates_page(const rates_page_model& model) {
  return head("Exchange rates — Cambio") + "  <h1>Exchange rates</h1>\n" + offline_banner(model) +
         latest_section(model) + conversion_section(model) + chart_section(model) +
         std::string(k_tail);
}

std::string render_rates_error_page(int status, std::string_view message) {
  const std::string title = status == 400                    ? "Check the request"
                            : status == 404                  ? "No rates found"
                            : status == 503 || status == 504 ? "Rates are unavailable right now"
                                                             : "Something went wrong";
  return head(std::string(title) + " — Cambio") + "  <h1>" + escape_html(title) + "</h1>\n" +
         "  <p class=\"banner error\" id=\"page-error\" role=\"alert\">" + escape_html(message) +
         "</p>\n  <p><a href=\"/rates\">Back to the exchange rates</a> · <a "
         "href=\"/\">Home</a></p>\n" +
         std::string(k_tail);
}

}  // namespace cambio::frontend
