#include "rates/rates_json.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

nlohmann::json scaled(const nlohmann::json& rates, double amount) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [code, rate] : rates.items())
    out[code] = round_rate(rate.get<double>() * amount);
  return out;
}

}  // namespace

double round_rate(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", value);
  return std::strtod(text, nullptr);
}

nlohmann::json frankfurter_rates(const nlohmann::json& latest_reply, const amount& a) {
  return {{"amount", a.value},
          {"base", latest_reply.at("base")},
          {"date", latest_reply.at("date")},
          {"rates", scaled(latest_reply.at("rates"), a.value)},
          {"provider", latest_reply.at("provider")},
          {"offline", latest_reply.at("offline")}};
}

nlohmann::json frankfurter_range(const std::vector<nlohmann::json>& history_replies,
                                 const amount& a) {
  if (history_replies.empty()) {
    throw rmqrpc::error(rmqrpc::errc::internal, "frankfurter_range: no history replies");
  }
  const auto& first = history_replies.front();
  std::map<std::string, nlohmann::json> by_date;  // "YYYY-MM-DD" sorts as the dates do
  for (const auto& reply : history_replies) {
    for (const auto& point : reply.at("points")) {
      auto& rates = by_date[point.at("date").get<std::string>()];
      if (rates.is_null()) rates = nlohmann::json::object();
      rates.update(scaled(point.at("rates"), a.value));
    }
  }
  if (by_date.empty()) {
    throw rmqrpc::error(rmqrpc::errc::not_found,
                        "no rates between " + first.at("from").get<std::string>() + " and " +
                            first.at("to").get<std::string>(),
                        {{"provider", first.at("provider")}});
  }
  nlohmann::json rates = nlohmann::json::object();
  for (auto& [date, set] : by_date) rates[date] = std::move(set);
  return {{"amount", a.value},
          {"base", first.at("base")},
          {"start_date", by_date.begin()->first},
          {"end_date", by_date.rbegin()->first},
          {"rates", std::move(rates)},
          {"provider", first.at("provider")},
          {"offline", first.at("offline")}};
}

}  // namespace cambio::frontend
