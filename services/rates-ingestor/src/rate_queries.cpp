#include "rates/rate_queries.hpp"

#include <chrono>

#include "cambio/currency.hpp"
#include "rates/conversion.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw rmqrpc::error(rmqrpc::errc::invalid_argument, message);
}

std::vector<std::string> symbols_of(const nlohmann::json& params, const rate_set& set,
                                    const std::string& base) {
  std::vector<std::string> out;
  if (params.contains("symbols")) {
    for (const auto& s : params["symbols"]) {
      const auto code = s.get<std::string>();
      require_active_currency("symbols", code);
      out.push_back(code);
    }
    return out;
  }
  // Every active currency of the set, its base included (unless it is the base asked for).
  if (set.base != base && cambio::currency::is_active(set.base)) out.push_back(set.base);
  for (const auto& [code, rate] : set.rates) {
    if (code != base && cambio::currency::is_active(code)) out.push_back(code);
  }
  return out;
}

}  // namespace

std::optional<cambio::date> requested_date(const nlohmann::json& params, const char* field) {
  if (!params.contains(field)) return std::nullopt;
  const auto& text = params[field].get_ref<const std::string&>();
  const auto d = cambio::parse_iso_date(text);
  if (!d) invalid(std::string(field) + ": '" + text + "' is not a calendar date (YYYY-MM-DD)");
  if (*d > cambio::utc_day(std::chrono::system_clock::now())) {
    invalid(std::string(field) + ": " + text + " is in the future");
  }
  return d;
}

rate_queries::rate_queries(rate_store& store, rate_cache& cache, bool offline)
    : store_(store), cache_(cache), offline_(offline) {}

std::shared_ptr<const rate_set> rate_queries::set_for(std::optional<cambio::date> date,
                                                      const rmqrpc::call_options& nested) {
  auto newest = cache_.latest();
  if (!newest) {
    throw rmqrpc::error(rmqrpc::errc::not_found,
                        "no rates held yet from " + store_.provider() +
                            ": the first ingest has "
                            "not completed",
                        {{"provider", store_.provider()}});
  }
  if (!date || *date >= newest->date) return newest;
  auto set = store_.get(date, nested);
  if (!set) {
    throw rmqrpc::error(rmqrpc::errc::not_found, "no rates on or before " + cambio::to_iso(*date),
                        {{"provider", store_.provider()}});
  }
  return std::make_shared<const rate_set>(std::move(*set));
}

nlohmann::json rate_queries::convert(const nlohmann::json& params,
                                     const rmqrpc::call_options& nested) {
  const auto from = params.at("from").get<std::string>();
  const auto to = params.at("to").get<std::string>();
  require_active_currency("from", from);
  require_active_currency("to", to);
  const double amount = parse_amount(params.at("amount"));
  const auto date = requested_date(params, "date");
  const auto set = set_for(date, nested);
  const double rate = cross_rate(*set, from, to);
  nlohmann::json reply = {{"from", from},
                          {"to", to},
                          {"amount", format_amount(amount, minor_units_of(from))},
                          {"rate", rate},
                          {"result", format_amount(amount * rate, minor_units_of(to))},
                          {"date", cambio::to_iso(set->date)},
                          {"provider", set->provider},
                          {"offline", offline_}};
  if (date && *date != set->date) {
    reply["requested_date"] = cambio::to_iso(*date);
    reply["note"] = "no rates for " + cambio::to_iso(*date) + "; these are of the previous " +
                    "working day with rates, " + cambio::to_iso(set->date);
  }
  return reply;
}

nlohmann::json rate_queries::latest(const nlohmann::json& params,
                                    const rmqrpc::call_options& nested) {
  const auto date = requested_date(params, "date");
  const auto set = set_for(date, nested);
  const auto base = params.value("base", set->base);
  require_active_currency("base", base);
  const double base_rate = rate_of(*set, base);
  nlohmann::json rates = nlohmann::json::object();
  for (const auto& code : symbols_of(params, *set, base)) {
    rates[code] = rate_of(*set, code) / base_rate;
  }
  nlohmann::json reply = {{"provider", set->provider},
                          {"base", base},
                          {"date", cambio::to_iso(set->date)},
                          {"rates", std::move(rates)},
                          {"offline", offline_}};
  if (date && *date != set->date) reply["requested_date"] = cambio::to_iso(*date);
  return reply;
}

nlohmann::json rate_queries::history(const nlohmann::json& params,
                                     const rmqrpc::call_options& nested) {
  const auto base = params.at("base").get<std::string>();
  require_active_currency("base", base);
  std::vector<std::string> symbols;
  if (params.contains("quote")) symbols.push_back(params["quote"].get<std::string>());
  if (params.contains("symbols")) {
    for (const auto& s : params["symbols"]) symbols.push_back(s.get<std::string>());
  }
  if (symbols.empty()) invalid("quote or symbols: at least one currency");
  for (const auto& s : symbols) require_active_currency("quote", s);
  const auto from = requested_date(params, "from").value();
  const auto to = requested_date(params, "to").value();
  if (to < from) invalid("to is before from");

  auto wanted = symbols;
  wanted.push_back(base);
  const auto points = store_.history(from, to, wanted, nested);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : points) {
    auto set = rate_set_from_json(p);
    set.provider = store_.provider();
    if (base != set.base && set.rates.count(base) == 0) continue;  // base not quoted that day
    nlohmann::json rates = nlohmann::json::object();
    for (const auto& s : symbols) {
      if (s == set.base || set.rates.count(s) != 0) rates[s] = cross_rate(set, base, s);
    }
    out.push_back({{"date", p["date"]}, {"rates", std::move(rates)}});
  }
  return {{"provider", store_.provider()}, {"base", base},
          {"from", cambio::to_iso(from)},  {"to", cambio::to_iso(to)},
          {"points", std::move(out)},      {"offline", offline_}};
}

}  // namespace cambio::rates
