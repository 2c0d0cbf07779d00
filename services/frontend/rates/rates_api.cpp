#include "rates/rates_api.hpp"

#include <chrono>

#include "api_handler.hpp"
#include "rates/cache_policy.hpp"
#include "rates/rates_json.hpp"
#include "rates/rates_query.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

cambio::date today() { return cambio::utc_day(std::chrono::system_clock::now()); }

api_reply rates_on(rates_backend& backend, const rates_request& r) {
  const auto reply = backend.call("rates.latest", latest_params(r), backend.deadline());
  return {frankfurter_rates(reply, r.amount), rates_cache_control(r.date, today())};
}

api_reply rates_between(rates_backend& backend, const range_request& r) {
  const auto deadline = backend.deadline();
  auto base = r.base;
  auto symbols = r.symbols;
  if (!base || symbols.empty()) {
    // The provider's base and every currency it publishes: the newest set says both.
    nlohmann::json params = nlohmann::json::object();
    if (base) params["base"] = *base;
    const auto newest = backend.call("rates.latest", params, deadline);
    if (!base) base = newest.at("base").get<std::string>();
    if (symbols.empty()) {
      for (const auto& [code, rate] : newest.at("rates").items()) symbols.push_back(code);
    }
    if (symbols.empty()) {
      throw rmqrpc::error(rmqrpc::errc::not_found, "no currencies quoted against " + *base);
    }
  }
  const auto replies = backend.history(history_params(*base, symbols, r.from, r.to), deadline);
  return {frankfurter_range(replies, r.amount), rates_cache_control(r.to, today())};
}

}  // namespace

void append_rates_api(httplib::Server& routes, rates_backend& backend) {
  routes.Get("/api/v1/rates/latest", api_handler([&backend](const httplib::Request& req) {
               return rates_on(backend, parse_rates_request(req.params));
             }));
  routes.Get("/api/v1/rates/convert", api_handler([&backend](const httplib::Request& req) {
               const auto r = parse_convert_request(req.params);
               return api_reply{
                   backend.call("rates.convert", convert_params(r), backend.deadline()),
                   rates_cache_control(r.date, today())};
             }));
  routes.Get("/api/v1/rates/btc", api_handler([&backend](const httplib::Request& req) {
               return api_reply{
                   backend.call("rates.btc", btc_params(req.params), backend.deadline()),
                   k_btc_cache_control};
             }));
  // A date or a range; registered after the names above, which it would match too.
  routes.Get(R"(/api/v1/rates/([^/]+))", api_handler([&backend](const httplib::Request& req) {
               const auto path = parse_rates_path(req.matches[1].str(), today());
               if (path.is_range()) {
                 return rates_between(backend,
                                      parse_range_request(req.params, path.from, *path.to));
               }
               return rates_on(backend, parse_rates_request(req.params, path.from));
             }));
}

}  // namespace cambio::frontend
