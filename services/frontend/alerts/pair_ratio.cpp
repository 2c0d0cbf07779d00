#include "alerts/pair_ratio.hpp"

namespace cambio::frontend::alerts {

void add_latest(market& m, const nlohmann::json& reply) {
  m.rates_base = reply.at("base").get<std::string>();
  m.rates_date = reply.at("date").get<std::string>();
  m.rates.clear();
  m.rates[m.rates_base] = 1.0;
  const auto& rates = reply.at("rates");
  for (auto it = rates.begin(); it != rates.end(); ++it) {
    if (it->is_number() && it->get<double>() > 0) m.rates[it.key()] = it->get<double>();
  }
}

void add_btc(market& m, const nlohmann::json& reply) {
  const auto price = reply.at("price").get<double>();
  if (price > 0) {
    m.btc[reply.at("currency").get<std::string>()] = {price, reply.at("at").get<std::string>()};
  }
}

std::set<std::string> btc_currencies(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::set<std::string> out;
  for (const auto& [base, quote] : pairs) {
    if (base == "BTC" && quote != "BTC") out.insert(quote);
    if (quote == "BTC" && base != "BTC") out.insert(base);
  }
  return out;
}

std::optional<current_ratio> ratio_of(const market& m, const std::string& base,
                                      const std::string& quote) {
  if (base == "BTC" || quote == "BTC") {
    const auto& other = base == "BTC" ? quote : base;
    const auto it = m.btc.find(other);
    if (it == m.btc.end()) return std::nullopt;
    const auto [price, at] = it->second;  // units of `other` per 1 BTC
    return current_ratio{base == "BTC" ? price : 1.0 / price, at, true};
  }
  const auto b = m.rates.find(base);
  const auto q = m.rates.find(quote);
  if (b == m.rates.end() || q == m.rates.end()) return std::nullopt;
  return current_ratio{q->second / b->second, m.rates_date, false};
}

}  // namespace cambio::frontend::alerts
