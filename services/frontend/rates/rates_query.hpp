#pragma once
// What a rates request asks for, read from its path and query string, checked, and turned into the
// backend's parameters (proto-schemas/rates.*.request.json). Pure functions: every bad input
// throws rmqrpc::error(invalid_argument) with a message that names the parameter and is safe to
// show, e.g. "base: unknown currency 'XYZ'", "date: '2024-02-30' is not a calendar date
// (YYYY-MM-DD)", "amount: '-1' is not a positive decimal number".
//
// Query parameters with an empty value count as absent; of a repeated one, the first counts.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cambio/iso_date.hpp"

namespace cambio::frontend {

using query_params = std::multimap<std::string, std::string>;  // = httplib::Params

// The history queue takes at most this many currencies per call; longer lists are split.
constexpr std::size_t k_history_chunk = 50;
// The most currencies one request may name (rates.latest's limit).
constexpr std::size_t k_max_symbols = 200;

struct amount {
  std::string text = "1";  // as given ("12.50"): the exact decimal, for rates.convert
  double value = 1.0;
};

// The first non-empty value of `name`.
std::optional<std::string> param(const query_params& query, const std::string& name);

// A currency code, case-insensitive ("usd" → "USD"), known and active.
std::string parse_currency(std::string_view field, std::string_view text);
// "EUR,gbp, JPY" → {"EUR","GBP","JPY"}: each checked as above, repeats dropped, order kept, at most
// k_max_symbols.
std::vector<std::string> parse_symbols(std::string_view field, std::string_view text);
// A positive decimal: 1–16 digits, optionally a point and 1–18 digits ("10", "0.5", "12.50").
amount parse_amount(std::string_view text);
// "YYYY-MM-DD", a real calendar date.
cambio::date parse_date(std::string_view field, std::string_view text);

// The last path segment of /api/v1/rates/<segment>: a date or a range of dates.
struct rates_path {
  cambio::date from;
  std::optional<cambio::date> to;  // set for a range ("2024-01-01..2024-01-31")
  bool is_range() const { return to.has_value(); }
};
// "2024-01-05" (one date), "2024-01-01..2024-01-31", or "2024-01-01.." (open end: `today`).
rates_path parse_rates_path(std::string_view segment, cambio::date today);

// GET /api/v1/rates/latest and /api/v1/rates/<date>:
//   base (alias from), symbols (alias to; comma-separated), amount (default 1).
struct rates_request {
  std::optional<std::string> base;   // default: the provider's base
  std::vector<std::string> symbols;  // empty: every currency of the set
  frontend::amount amount;
  std::optional<cambio::date> date;  // the set on or before it; none: the newest
};
rates_request parse_rates_request(const query_params& query,
                                  std::optional<cambio::date> date = std::nullopt);
// rates.latest {base?, symbols?, date?}
nlohmann::json latest_params(const rates_request& r);

// GET /api/v1/rates/<from>..<to>: same parameters as rates_request.
struct range_request {
  std::optional<std::string> base;
  std::vector<std::string> symbols;  // empty: every currency of the newest set
  frontend::amount amount;
  cambio::date from;
  cambio::date to;
};
range_request parse_range_request(const query_params& query, cambio::date from, cambio::date to);
// rates.history {base, symbols, from, to}, one per k_history_chunk symbols.
std::vector<nlohmann::json> history_params(const std::string& base,
                                           const std::vector<std::string>& symbols,
                                           cambio::date from, cambio::date to);

// GET /api/v1/rates/convert: from and to (required), amount (default 1), date.
struct convert_request {
  std::string from;
  std::string to;
  frontend::amount amount;
  std::optional<cambio::date> date;
};
convert_request parse_convert_request(const query_params& query);
// rates.convert {from, to, amount (the decimal text), date?}
nlohmann::json convert_params(const convert_request& r);

// GET /api/v1/rates/btc: currency (default USD). rates.btc {currency}
nlohmann::json btc_params(const query_params& query);

// A currency pair "EUR-USD" (also "EUR/USD", "eurusd"): the chart's base and quote.
struct currency_pair {
  std::string base;
  std::string quote;
};
currency_pair parse_pair(std::string_view field, std::string_view text);

// A whole number of days, 1 to 3660.
int parse_days(std::string_view field, std::string_view text);

// GET /rates: base, chart (a pair), days (the chart's period, default 30), and a conversion when
// any of from, to, amount is given. A bad base, chart or days throws; a bad conversion is kept as
// conversion_error, for the page to show beside its form.
struct rates_page_query {
  std::optional<std::string> base;
  std::optional<currency_pair> chart;  // none: default_chart(base)
  int days = 30;
  std::optional<convert_request> conversion;  // asked for, and valid
  std::string conversion_error;               // asked for, and not valid: why
  std::string from, to, amount;               // as given (to fill the form in again)
};
rates_page_query parse_rates_page_query(const query_params& query);
// The chart shown when none is chosen: base-USD, or USD-EUR for USD.
currency_pair default_chart(const std::string& base);

}  // namespace cambio::frontend
