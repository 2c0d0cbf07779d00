#include "alerts/alert_backend.hpp"

#include <map>

#include "cambio/log.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::alerts {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("alerts");
  return log;
}

}  // namespace

alert_backend::alert_backend(accounts::account_backend& db, rates_backend& rates)
    : db_(db), rates_(rates), deadline_(rates.deadline()) {}

nlohmann::json alert_backend::create(const nlohmann::json& params) {
  return db_.call("db.alerts.create", params);
}

nlohmann::json alert_backend::list(const nlohmann::json& params) {
  return db_.call("db.alerts.list", params);
}

nlohmann::json alert_backend::get(std::int64_t user_id, std::int64_t alert_id, int history_limit) {
  return db_.call("db.alerts.get",
                  {{"user_id", user_id}, {"alert_id", alert_id}, {"history_limit", history_limit}});
}

nlohmann::json alert_backend::set_status(std::int64_t user_id, std::int64_t alert_id,
                                         const std::string& status) {
  return db_.call("db.alerts.set_status",
                  {{"user_id", user_id}, {"alert_id", alert_id}, {"status", status}});
}

void alert_backend::remove(std::int64_t user_id, std::int64_t alert_id) {
  db_.call("db.alerts.delete", {{"user_id", user_id}, {"alert_id", alert_id}});
}

std::int64_t alert_backend::unsubscribe(const nlohmann::json& params) {
  const auto reply = db_.call("db.alerts.unsubscribe", params);
  return reply.at("paused").get<std::int64_t>();
}

void alert_backend::start_rates() {
  if (!latest_) {
    latest_ = rates_.call_async("rates.latest", nlohmann::json::object(), deadline_);
  }
}

market alert_backend::market_for(const nlohmann::json& alerts) {
  market m;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& a : alerts) {
    pairs.emplace_back(a.at("base").get<std::string>(), a.at("quote").get<std::string>());
  }
  if (pairs.empty()) return m;
  start_rates();
  std::map<std::string, std::future<nlohmann::json>> btc;
  for (const auto& currency : btc_currencies(pairs)) {
    btc.emplace(currency,
                rates_.call_async("rates.btc", nlohmann::json{{"currency", currency}}, deadline_));
  }
  try {
    add_latest(m, rates_backend::await(*latest_, deadline_, "rates.latest"));
  } catch (const std::exception& e) {
    rates_missing_ = true;
    logger()->warn("rates.latest failed ({}): the alerts show without their ratios", e.what());
  }
  for (auto& [currency, reply] : btc) {
    try {
      add_btc(m, rates_backend::await(reply, deadline_, "rates.btc"));
    } catch (const std::exception& e) {
      logger()->info("rates.btc {} failed ({}): its pairs show no ratio", currency, e.what());
    }
  }
  return m;
}

}  // namespace cambio::frontend::alerts
