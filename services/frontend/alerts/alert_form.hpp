#pragma once
// What a user asks of alerts, read from a page's form, a JSON body or a query string, checked and
// turned into db-proxy's parameters (proto-schemas/db.alerts.*.request.json). Pure functions: the
// pages show the problems beside the form's fields, the API answers them as 400.
//
// An alert: base and quote (known, active, different currencies; case-insensitive), a threshold (a
// decimal > 0, at most 12 digits either side of the point: the ratio "units of quote per 1 base",
// or a percent for change_pct), a condition (crosses (default), above, below, change_pct with
// window_days 1..365), a mode (once (default), or repeat with cooldown_s 60..31536000) and a
// delivery (instant (default), daily_digest). window_days is ignored unless the condition is
// change_pct, cooldown_s unless the mode is repeat.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cambio::frontend::alerts {

using field_values = std::map<std::string, std::string>;
using query_params = std::multimap<std::string, std::string>;  // = httplib::Params

constexpr int k_min_window_days = 1;
constexpr int k_max_window_days = 365;
constexpr std::int64_t k_min_cooldown_s = 60;
constexpr std::int64_t k_max_cooldown_s = 31536000;

struct alert_spec {
  std::string base;
  std::string quote;
  std::string condition = "crosses";       // crosses | above | below | change_pct
  std::string threshold;                   // the decimal as given, trimmed
  std::optional<int> window_days;          // change_pct only
  std::string mode = "once";               // once | repeat
  std::optional<std::int64_t> cooldown_s;  // repeat only
  std::string delivery = "instant";        // instant | daily_digest
};

struct alert_check {
  std::optional<alert_spec> spec;               // set when there is no problem
  std::map<std::string, std::string> problems;  // field → a sentence for a person
  bool ok() const { return spec.has_value(); }
};

// The fields of the create form or of POST /api/v1/alerts: base, quote, threshold, condition,
// window_days, mode, cooldown_s, delivery. Empty values count as absent.
alert_check check_alert(const field_values& fields);

// A JSON body as field values: strings as they are, numbers as their JSON text. Throws
// rmqrpc::error(invalid_argument) for an unknown field or another type, naming it.
field_values fields_of_json(const nlohmann::json& body);

// A threshold: nullopt when fine, else why not ("The threshold must be greater than 0.").
std::optional<std::string> threshold_problem(std::string_view text);

// db.alerts.create's parameters.
struct create_context {
  std::int64_t user_id = 0;
  std::string public_id;
  std::string manage_url;  // the user's alerts page, for the mails
  std::string unsubscribe_url;
  std::string digest_unsubscribe_url;
  int max_alerts = 100;
};
nlohmann::json create_params(const alert_spec& spec, const create_context& context);

// The list's filters and page: base, quote, status (active|paused|done), limit, after (the last id
// of the previous page; keyset). Throws rmqrpc::error(invalid_argument) naming the parameter.
constexpr int k_max_list_limit = 100;
struct list_query {
  std::optional<std::string> base;
  std::optional<std::string> quote;
  std::optional<std::string> status;
  int limit = 20;
  std::optional<std::int64_t> after;
};
list_query parse_list_query(const query_params& query, int default_limit);
// db.alerts.list's parameters.
nlohmann::json list_params(const list_query& q, std::int64_t user_id);
// The query string of the list with these filters after `after` ("?base=EUR&after=12"), "" for
// none; `limit` only when it differs from `default_limit`.
std::string list_query_string(const list_query& q, std::optional<std::int64_t> after,
                              int default_limit);

// "active" or "paused"; else throws rmqrpc::error(invalid_argument).
std::string parse_status_change(std::string_view text);

// An alert id of a path ("12"): a positive integer, else throws rmqrpc::error(not_found) (no such
// alert, as for one of another user).
std::int64_t parse_alert_id(std::string_view text);

// A new random UUID v4, lowercase (libsodium's randombytes).
std::string new_public_id();

}  // namespace cambio::frontend::alerts
