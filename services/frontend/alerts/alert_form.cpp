#include "alerts/alert_form.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <cstdio>

#include "accounts/secret_token.hpp"
#include "cambio/currency.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::alerts {
namespace {

[[noreturn]] void invalid(const std::string& message, nlohmann::json details = {}) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message,
                      details.is_null() ? nlohmann::json::object() : std::move(details));
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::string value_of(const field_values& fields, const std::string& name) {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string() : trimmed(it->second);
}

std::string upper(std::string text) {
  for (auto& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A whole number in [min, max], or nullopt.
std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  if (!all_digits(text) || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value < min || value > max) return std::nullopt;
  return value;
}

// A currency field: the code, or a problem recorded under `field`.
std::optional<std::string> currency_field(const field_values& fields, const std::string& field,
                                          const char* what,
                                          std::map<std::string, std::string>& problems) {
  const auto text = value_of(fields, field);
  if (text.empty()) {
    problems[field] = std::string("Choose a ") + what + " currency.";
    return std::nullopt;
  }
  const auto code = upper(text);
  if (code.size() > 8) {
    problems[field] = "Unknown currency '" + text.substr(0, 8) + "…'.";
    return std::nullopt;
  }
  if (const auto problem = cambio::currency::problem(code)) {
    auto sentence = *problem;
    sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    problems[field] = sentence + ".";
    return std::nullopt;
  }
  return code;
}

std::string one_of(const field_values& fields, const std::string& field, const char* fallback,
                   std::initializer_list<const char*> allowed, const std::string& message,
                   std::map<std::string, std::string>& problems) {
  auto text = value_of(fields, field);
  if (text.empty()) return fallback;
  for (const char* a : allowed) {
    if (text == a) return text;
  }
  problems[field] = message;
  return fallback;
}

}  // namespace

std::optional<std::string> threshold_problem(std::string_view input) {
  const auto text = trimmed(input);
  if (text.empty()) return "Enter a threshold, e.g. 1.085.";
  std::string_view digits = text;
  const bool negative = digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  const auto point = digits.find('.');
  const auto whole = digits.substr(0, point);
  const auto fraction =
      point == std::string_view::npos ? std::string_view() : digits.substr(point + 1);
  const bool shaped =
      all_digits(whole) && (point == std::string_view::npos || all_digits(fraction));
  if (!shaped) {
    return "The threshold must be a number such as 1.085 (digits and one decimal point).";
  }
  const bool zero = whole.find_first_not_of('0') == std::string_view::npos &&
                    fraction.find_first_not_of('0') == std::string_view::npos;
  if (negative || zero) return "The threshold must be greater than 0.";
  if (whole.size() > 12 || fraction.size() > 12) {
    return "The threshold may have at most 12 digits before and 12 after the decimal point.";
  }
  return std::nullopt;
}

alert_check check_alert(const field_values& fields) {
  alert_check out;
  auto& problems = out.problems;
  alert_spec spec;
  const auto base = currency_field(fields, "base", "base", problems);
  const auto quote = currency_field(fields, "quote", "quote", problems);
  if (base && quote && *base == *quote) {
    problems["quote"] = "Choose two different currencies (" + *base + " twice).";
  }
  spec.condition =
      one_of(fields, "condition", "crosses", {"crosses", "above", "below", "change_pct"},
             "Choose crosses, above, below or change_pct.", problems);
  spec.threshold = value_of(fields, "threshold");
  if (const auto problem = threshold_problem(spec.threshold)) problems["threshold"] = *problem;
  if (spec.condition == "change_pct") {
    const auto window = value_of(fields, "window_days");
    if (const auto days = whole_number(window, k_min_window_days, k_max_window_days)) {
      spec.window_days = static_cast<int>(*days);
    } else {
      problems["window_days"] = window.empty()
                                    ? "Enter over how many days the change counts (1 to 365)."
                                    : "The window must be a whole number of days from 1 to 365.";
    }
  }
  spec.mode =
      one_of(fields, "mode", "once", {"once", "repeat"}, "Choose once or repeat.", problems);
  if (spec.mode == "repeat") {
    const auto cooldown = value_of(fields, "cooldown_s");
    if (const auto s = whole_number(cooldown, k_min_cooldown_s, k_max_cooldown_s)) {
      spec.cooldown_s = *s;
    } else {
      problems["cooldown_s"] =
          cooldown.empty() ? "Choose how long a repeating alert waits between mails."
                           : "The cooldown must be a whole number of seconds from 60 to 31536000 "
                             "(one year).";
    }
  }
  spec.delivery = one_of(fields, "delivery", "instant", {"instant", "daily_digest"},
                         "Choose instant or daily_digest.", problems);
  if (problems.empty()) {
    spec.base = *base;
    spec.quote = *quote;
    out.spec = std::move(spec);
  }
  return out;
}

field_values fields_of_json(const nlohmann::json& body) {
  static const std::array<const char*, 8> known = {
      "base", "quote", "threshold", "condition", "window_days", "mode", "cooldown_s", "delivery"};
  field_values out;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const auto& name = it.key();
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return name == k; }) ==
        known.end()) {
      invalid("unknown field '" + name.substr(0, 64) + "'", {{"field", name.substr(0, 64)}});
    }
    if (it->is_string()) {
      out[name] = it->get<std::string>();
    } else if (it->is_number()) {
      out[name] = it->dump();
    } else if (!it->is_null()) {
      invalid(name + " must be a string or a number", {{"field", name}});
    }
  }
  return out;
}

nlohmann::json create_params(const alert_spec& spec, const create_context& context) {
  nlohmann::json p = {{"user_id", context.user_id},
                      {"public_id", context.public_id},
                      {"base", spec.base},
                      {"quote", spec.quote},
                      {"condition", spec.condition},
                      {"threshold", spec.threshold},
                      {"mode", spec.mode},
                      {"delivery", spec.delivery},
                      {"manage_url", context.manage_url},
                      {"unsubscribe_url", context.unsubscribe_url},
                      {"digest_unsubscribe_url", context.digest_unsubscribe_url},
                      {"max_alerts", context.max_alerts}};
  if (spec.window_days) p["window_days"] = *spec.window_days;
  if (spec.cooldown_s) p["cooldown_s"] = *spec.cooldown_s;
  return p;
}

list_query parse_list_query(const query_params& query, int default_limit) {
  const auto first = [&](const std::string& name) -> std::optional<std::string> {
    const auto [from, to] = query.equal_range(name);
    for (auto it = from; it != to; ++it) {
      if (!trimmed(it->second).empty()) return trimmed(it->second);
    }
    return std::nullopt;
  };
  list_query q;
  q.limit = default_limit;
  for (const char* side : {"base", "quote"}) {
    if (auto text = first(side)) {
      const auto code = upper(*text);
      if (!cambio::currency::find(code) || code.size() > 8) {
        invalid(std::string(side) + ": unknown currency '" + text->substr(0, 8) + "'",
                {{"parameter", side}});
      }
      (std::string_view(side) == "base" ? q.base : q.quote) = code;
    }
  }
  if (auto status = first("status")) {
    if (*status != "active" && *status != "paused" && *status != "done") {
      invalid("status: must be active, paused or done", {{"parameter", "status"}});
    }
    q.status = *status;
  }
  if (auto limit = first("limit")) {
    const auto n = whole_number(*limit, 1, k_max_list_limit);
    if (!n) {
      invalid("limit: must be a whole number from 1 to " + std::to_string(k_max_list_limit),
              {{"parameter", "limit"}});
    }
    q.limit = static_cast<int>(*n);
  }
  if (auto after = first("after")) {
    const auto n = whole_number(*after, 1, INT64_MAX);
    if (!n) invalid("after: must be the next_after of a previous page", {{"parameter", "after"}});
    q.after = *n;
  }
  return q;
}

nlohmann::json list_params(const list_query& q, std::int64_t user_id) {
  nlohmann::json p = {{"user_id", user_id}, {"limit", q.limit}};
  if (q.base) p["base"] = *q.base;
  if (q.quote) p["quote"] = *q.quote;
  if (q.status) p["status"] = *q.status;
  if (q.after) p["after_id"] = *q.after;
  return p;
}

std::string list_query_string(const list_query& q, std::optional<std::int64_t> after,
                              int default_limit) {
  std::string out;
  const auto add = [&](const char* name, const std::string& value) {
    out += (out.empty() ? "?" : "&") + std::string(name) + "=" + value;
  };
  // Codes, statuses and numbers: nothing to escape.
  if (q.base) add("base", *q.base);
  if (q.quote) add("quote", *q.quote);
  if (q.status) add("status", *q.status);
  if (q.limit != default_limit) add("limit", std::to_string(q.limit));
  if (after) add("after", std::to_string(*after));
  return out;
}

std::string parse_status_change(std::string_view text) {
  if (text == "active" || text == "paused") return std::string(text);
  invalid("status must be active or paused", {{"field", "status"}});
}

std::int64_t parse_alert_id(std::string_view text) {
  const auto id = whole_number(text, 1, INT64_MAX);
  if (!id) throw rmqrpc::error(rmqrpc::errc::not_found, "no such alert");
  return *id;
}

std::string new_public_id() {
  accounts::ensure_sodium();
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return text;
}

}  // namespace cambio::frontend::alerts
