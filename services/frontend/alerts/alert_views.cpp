#include "alerts/alert_views.hpp"

#include <array>

#include "cambio/currency.hpp"
#include "rates/number_format.hpp"

namespace cambio::frontend::alerts {
namespace {

page_frame titled(const page_frame& frame, std::string title) {
  auto f = frame;
  f.title = std::move(title);
  f.current = "/alerts";
  return f;
}

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string plural(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

// A ratio of the history: a number, or a decimal string as stored.
std::string history_ratio(const nlohmann::json& value) {
  if (value.is_number()) return ratio_text(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  return "—";
}

kainjow::mustache::list currency_options(const std::string& selected) {
  kainjow::mustache::list out;
  for (const auto* info : cambio::currency::active()) {
    template_data c;
    c.set("code", std::string(info->code));
    c.set("name", std::string(info->name));
    c.set("selected", info->code == selected);
    out.push_back(c);
  }
  return out;
}

kainjow::mustache::list choices(std::initializer_list<std::pair<const char*, const char*>> items,
                                const std::string& selected) {
  kainjow::mustache::list out;
  for (const auto& [value, label] : items) {
    template_data c;
    c.set("value", std::string(value));
    c.set("label", std::string(label));
    c.set("selected", selected == value);
    out.push_back(c);
  }
  return out;
}

std::string value_or(const field_values& values, const char* name, const char* fallback) {
  const auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::string(fallback) : it->second;
}

template_data form_data(const create_form& form) {
  template_data d;
  const auto& v = form.values;
  d.set("public_id", form.public_id);
  d.set("base_options", currency_options(value_or(v, "base", "EUR")));
  d.set("quote_options", currency_options(value_or(v, "quote", "USD")));
  d.set("threshold", value_or(v, "threshold", ""));
  d.set("window_days", value_or(v, "window_days", "7"));
  d.set("conditions", choices({{"crosses", "crosses the threshold (either way)"},
                               {"above", "rises above the threshold"},
                               {"below", "falls below the threshold"},
                               {"change_pct", "moves by the threshold in percent"}},
                              value_or(v, "condition", "crosses")));
  d.set("modes", choices({{"once", "once, then done"}, {"repeat", "every time, with a pause"}},
                         value_or(v, "mode", "once")));
  d.set("cooldowns", choices({{"3600", "1 hour"},
                              {"21600", "6 hours"},
                              {"86400", "1 day"},
                              {"604800", "1 week"},
                              {"2592000", "30 days"}},
                             value_or(v, "cooldown_s", "86400")));
  d.set("deliveries", choices({{"instant", "a mail at once"}, {"daily_digest", "a daily digest"}},
                              value_or(v, "delivery", "instant")));
  for (const auto& [field, message] : form.problems) d.set(field + "_error", message);
  if (!form.error.empty()) d.set("error", form.error);
  return d;
}

}  // namespace

std::string ratio_text(double value) { return format_rate(value, 6); }

std::string market_time_text(const std::string& iso) {
  if (iso.size() == 10) return iso;
  if (iso.size() < 16 || iso[10] != 'T') return iso;
  if (iso.compare(10, 9, "T00:00:00") == 0 &&
      (iso.size() == 20 || iso.compare(19, 5, ".000Z") == 0)) {
    return iso.substr(0, 10);
  }
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string cooldown_text(std::int64_t s) {
  if (s >= 86400 && s % 86400 == 0) return plural(s / 86400, "day");
  if (s >= 3600 && s % 3600 == 0) return plural(s / 3600, "hour");
  if (s >= 60 && s % 60 == 0) return plural(s / 60, "minute");
  return plural(s, "second");
}

std::string condition_text(const nlohmann::json& alert) {
  const auto condition = text_of(alert, "condition");
  const auto threshold = text_of(alert, "threshold");
  if (condition == "change_pct") {
    return "moves " + threshold + "% within " +
           plural(alert.value("window_days", std::int64_t{1}), "day");
  }
  return condition + " " + threshold;
}

std::string mode_text(const nlohmann::json& alert) {
  if (text_of(alert, "mode") != "repeat") return "once";
  return "repeats, at most every " + cooldown_text(alert.value("cooldown_s", std::int64_t{0}));
}

std::string delivery_text(const std::string& delivery) {
  return delivery == "daily_digest" ? "daily digest" : "instant mail";
}

template_data alert_row(const nlohmann::json& alert, const market& m) {
  template_data d;
  const auto id = text_of(alert, "id");
  const auto base = text_of(alert, "base");
  const auto quote = text_of(alert, "quote");
  const auto status = text_of(alert, "status");
  d.set("id", id);
  d.set("href", "/alerts/" + id);
  d.set("pair", base + "/" + quote);
  d.set("condition_text", condition_text(alert));
  d.set("mode_text", mode_text(alert));
  d.set("delivery_text", delivery_text(text_of(alert, "delivery")));
  d.set("status", status);
  d.set("active", status == "active");
  d.set("paused", status == "paused");
  d.set("created_at", market_time_text(text_of(alert, "created_at")));
  const auto fired = text_of(alert, "last_fired_at");
  d.set("last_fired", fired.empty() ? std::string("never") : market_time_text(fired));
  d.set("firings", std::to_string(alert.value("firings", std::int64_t{0})));
  if (const auto r = ratio_of(m, base, quote)) {
    d.set("ratio", ratio_text(r->value));
    d.set("ratio_date", market_time_text(r->date));
  } else {
    d.set("ratio", "—");
    d.set("ratio_date", "no current rate");
  }
  return d;
}

std::string render_alerts_page(const page_frame& frame, const alerts_page& view) {
  template_data d;
  kainjow::mustache::list rows;
  for (const auto& alert : view.alerts) rows.push_back(alert_row(alert, view.now));
  d.set("has_alerts", !rows.empty());
  d.set("alerts", rows);
  d.set("rates_missing", view.rates_missing);
  const bool filtered = view.query.base || view.query.quote || view.query.status;
  d.set("empty_text", view.query.after ? "No more alerts."
                      : filtered       ? "No alert matches these filters."
                                       : "You have no alerts yet: create one below.");
  d.set("filter_bases", currency_options(view.query.base.value_or("")));
  d.set("filter_quotes", currency_options(view.query.quote.value_or("")));
  d.set("statuses", choices({{"active", "active"}, {"paused", "paused"}, {"done", "done"}},
                            view.query.status.value_or("")));
  if (view.next_after) {
    d.set("next_href", "/alerts" + list_query_string(view.query, view.next_after, k_page_size));
  }
  if (view.query.after) {
    d.set("first_href", "/alerts" + list_query_string(view.query, std::nullopt, k_page_size));
  }
  d.set("form", form_data(view.form));
  return render_page(titled(frame, "Alerts"), "alerts", d);
}

std::string render_alert_page(const page_frame& frame, const nlohmann::json& alert,
                              const nlohmann::json& history, const market& now,
                              bool rates_missing) {
  auto d = alert_row(alert, now);
  d.set("rates_missing", rates_missing);
  kainjow::mustache::list items;
  for (const auto& h : history) {
    template_data item;
    item.set("market_at", market_time_text(text_of(h, "market_at")));
    item.set("headline", text_of(h, "headline"));
    item.set("fired_at", market_time_text(text_of(h, "fired_at")));
    item.set("previous_ratio", history_ratio(h.value("previous_ratio", nlohmann::json())));
    item.set("previous_date", market_time_text(text_of(h, "previous_date")));
    item.set("new_ratio", history_ratio(h.value("new_ratio", nlohmann::json())));
    item.set("new_date", market_time_text(text_of(h, "new_date")));
    const auto direction = text_of(h, "direction");
    item.set("direction", direction == "up" ? "↑ up" : direction == "down" ? "↓ down" : direction);
    item.set("delivery", delivery_text(text_of(h, "delivery")));
    items.push_back(item);
  }
  d.set("has_history", !items.empty());
  d.set("history", items);
  return render_page(
      titled(frame, text_of(alert, "base") + "/" + text_of(alert, "quote") + " alert"), "alert", d);
}

std::string render_unsubscribe_page(const page_frame& frame, const unsubscribe_view& view) {
  template_data d;
  d.set("what", view.digest ? "your daily digest of alerts" : "this alert");
  switch (view.step) {
    case unsubscribe_step::confirm:
      d.set("confirm", true);
      d.set("token", view.token);
      break;
    case unsubscribe_step::done:
      d.set("done", true);
      d.set(
          "message",
          view.paused == 0
              ? std::string("Nothing left to pause: the alert is already paused, done or deleted.")
          : view.digest ? "Unsubscribed: " + plural(view.paused, "daily digest alert") +
                              " paused. You can resume them on your alerts page."
                        : std::string("Unsubscribed: the alert is paused and sends no more "
                                      "mail. You can resume it on your alerts page."));
      break;
    case unsubscribe_step::invalid:
      d.set("invalid", true);
      break;
  }
  return render_page(titled(frame, "Unsubscribe"), "unsubscribe", d);
}

nlohmann::json alert_json(const nlohmann::json& alert, const market& m) {
  auto out = alert;
  out.erase("public_id");
  const auto r =
      ratio_of(m, alert.at("base").get<std::string>(), alert.at("quote").get<std::string>());
  if (r) {
    out["current"] = {{"ratio", r->value}, {"date", r->date}, {"source", r->btc ? "btc" : "rates"}};
  } else {
    out["current"] = nullptr;
  }
  return out;
}

}  // namespace cambio::frontend::alerts
