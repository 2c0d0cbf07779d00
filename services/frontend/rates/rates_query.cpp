#include "rates/rates_query.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "cambio/currency.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

[[noreturn]] void invalid(std::string_view field, const std::string& why) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, std::string(field) + ": " + why,
                      {{"parameter", std::string(field)}});
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Quoted for a message, cut short: what the caller sent may be long.
std::string quoted(std::string_view text) {
  constexpr std::size_t k_max = 40;
  if (text.size() > k_max) return "'" + std::string(text.substr(0, k_max)) + "…'";
  return "'" + std::string(text) + "'";
}

// base/from and symbols/to: Frankfurter's names and its newer aliases.
std::optional<std::string> either(const query_params& query, const std::string& name,
                                  const std::string& alias) {
  auto value = param(query, name);
  return value ? value : param(query, alias);
}

}  // namespace

std::optional<std::string> param(const query_params& query, const std::string& name) {
  const auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    if (!it->second.empty()) return it->second;
  }
  return std::nullopt;
}

std::string parse_currency(std::string_view field, std::string_view text) {
  const auto trimmed = trim(text);
  std::string code(trimmed);
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(),
                                       [](unsigned char c) { return std::isupper(c) != 0; })) {
    invalid(field, quoted(text) + " is not a currency code (three letters, e.g. USD)");
  }
  if (auto problem = cambio::currency::problem(code)) invalid(field, *problem);
  return code;
}

std::vector<std::string> parse_symbols(std::string_view field, std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item =
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (trim(item).empty()) invalid(field, "an empty currency code in " + quoted(text));
    auto code = parse_currency(field, item);
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(std::move(code));
    if (out.size() > k_max_symbols) {
      invalid(field, "at most " + std::to_string(k_max_symbols) + " currencies");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

amount parse_amount(std::string_view text) {
  const auto t = trim(text);
  const auto point = t.find('.');
  const auto whole = t.substr(0, point);
  const auto fraction = point == std::string_view::npos ? std::string_view{} : t.substr(point + 1);
  const bool shaped = !whole.empty() && whole.size() <= 16 && all_digits(whole) &&
                      (point == std::string_view::npos ||
                       (!fraction.empty() && fraction.size() <= 18 && all_digits(fraction)));
  if (!shaped) {
    invalid("amount", quoted(text) + " is not a positive decimal number (e.g. 10 or 12.50)");
  }
  amount a{std::string(t), std::strtod(std::string(t).c_str(), nullptr)};
  if (!(a.value > 0)) invalid("amount", "must be more than zero");
  return a;
}

cambio::date parse_date(std::string_view field, std::string_view text) {
  const auto d = cambio::parse_iso_date(trim(text));
  if (!d) invalid(field, quoted(text) + " is not a calendar date (YYYY-MM-DD)");
  return *d;
}

rates_path parse_rates_path(std::string_view segment, cambio::date today) {
  const auto dots = segment.find("..");
  if (dots == std::string_view::npos) {
    if (!cambio::parse_iso_date(segment)) {
      invalid("path", quoted(segment) +
                          " is not latest, a date (YYYY-MM-DD) or a range of dates "
                          "(YYYY-MM-DD..YYYY-MM-DD, or YYYY-MM-DD.. up to today)");
    }
    return {parse_date("date", segment), std::nullopt};
  }
  const auto first = segment.substr(0, dots);
  const auto last = segment.substr(dots + 2);
  if (first.empty()) invalid("range", quoted(segment) + " has no start date (YYYY-MM-DD..)");
  const auto from = parse_date("range start", first);
  const auto to = last.empty() ? today : parse_date("range end", last);
  if (to < from) {
    invalid("range",
            "the end " + cambio::to_iso(to) + " is before the start " + cambio::to_iso(from));
  }
  return {from, to};
}

rates_request parse_rates_request(const query_params& query, std::optional<cambio::date> date) {
  rates_request r;
  if (const auto base = either(query, "base", "from")) r.base = parse_currency("base", *base);
  if (const auto symbols = either(query, "symbols", "to")) {
    r.symbols = parse_symbols("symbols", *symbols);
  }
  if (const auto a = param(query, "amount")) r.amount = parse_amount(*a);
  r.date = date;
  return r;
}

nlohmann::json latest_params(const rates_request& r) {
  nlohmann::json params = nlohmann::json::object();
  if (r.base) params["base"] = *r.base;
  if (!r.symbols.empty()) params["symbols"] = r.symbols;
  if (r.date) params["date"] = cambio::to_iso(*r.date);
  return params;
}

range_request parse_range_request(const query_params& query, cambio::date from, cambio::date to) {
  const auto common = parse_rates_request(query);
  return {common.base, common.symbols, common.amount, from, to};
}

std::vector<nlohmann::json> history_params(const std::string& base,
                                           const std::vector<std::string>& symbols,
                                           cambio::date from, cambio::date to) {
  std::vector<nlohmann::json> calls;
  for (std::size_t i = 0; i < symbols.size(); i += k_history_chunk) {
    const auto end = std::min(symbols.size(), i + k_history_chunk);
    calls.push_back(
        {{"base", base},
         {"symbols", std::vector<std::string>(symbols.begin() + static_cast<long>(i),
                                              symbols.begin() + static_cast<long>(end))},
         {"from", cambio::to_iso(from)},
         {"to", cambio::to_iso(to)}});
  }
  return calls;
}

convert_request parse_convert_request(const query_params& query) {
  convert_request r;
  const auto from = param(query, "from");
  const auto to = param(query, "to");
  if (!from) invalid("from", "missing: the currency to convert from, e.g. from=USD");
  if (!to) invalid("to", "missing: the currency to convert to, e.g. to=JPY");
  r.from = parse_currency("from", *from);
  r.to = parse_currency("to", *to);
  if (const auto a = param(query, "amount")) r.amount = parse_amount(*a);
  if (const auto d = param(query, "date")) r.date = parse_date("date", *d);
  return r;
}

nlohmann::json convert_params(const convert_request& r) {
  nlohmann::json params = {{"from", r.from}, {"to", r.to}, {"amount", r.amount.text}};
  if (r.date) params["date"] = cambio::to_iso(*r.date);
  return params;
}

nlohmann::json btc_params(const query_params& query) {
  const auto currency = param(query, "currency");
  return {{"currency", currency ? parse_currency("currency", *currency) : std::string("USD")}};
}

currency_pair parse_pair(std::string_view field, std::string_view text) {
  const auto t = trim(text);
  std::string_view base, quote;
  if (const auto sep = t.find_first_of("-/"); sep != std::string_view::npos) {
    base = t.substr(0, sep);
    quote = t.substr(sep + 1);
  } else if (t.size() == 6) {
    base = t.substr(0, 3);
    quote = t.substr(3);
  } else {
    invalid(field, quoted(text) + " is not a currency pair (e.g. EUR-USD)");
  }
  return {parse_currency(field, base), parse_currency(field, quote)};
}

int parse_days(std::string_view field, std::string_view text) {
  const auto t = trim(text);
  int days = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), days);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || days < 1 || days > 3660) {
    invalid(field, quoted(text) + " is not a number of days from 1 to 3660");
  }
  return days;
}

rates_page_query parse_rates_page_query(const query_params& query) {
  rates_page_query q;
  if (const auto base = param(query, "base")) q.base = parse_currency("base", *base);
  if (const auto chart = param(query, "chart")) q.chart = parse_pair("chart", *chart);
  if (const auto days = param(query, "days")) q.days = parse_days("days", *days);
  q.from = param(query, "from").value_or("");
  q.to = param(query, "to").value_or("");
  q.amount = param(query, "amount").value_or("");
  if (!q.from.empty() || !q.to.empty() || !q.amount.empty()) {
    try {
      q.conversion = parse_convert_request(query);
    } catch (const rmqrpc::error& e) {
      q.conversion_error = e.what();
    }
  }
  return q;
}

currency_pair default_chart(const std::string& base) {
  return base == "USD" ? currency_pair{"USD", "EUR"} : currency_pair{base, "USD"};
}

}  // namespace cambio::frontend
