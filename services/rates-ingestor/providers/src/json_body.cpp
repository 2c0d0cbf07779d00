#include "json_body.hpp"

#include <cmath>

#include "rates/provider.hpp"

namespace cambio::rates::detail {

std::string request_context(std::string_view provider, std::string_view url) {
  return std::string(provider) + ": GET " + redact_secrets(url);
}

void bad_response(std::string_view context, std::string_view what) {
  throw provider_error(provider_failure::bad_response,
                       std::string(context) + ": " + std::string(what));
}

nlohmann::json parse_json_object(const http_response& response, std::string_view context) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(response.body);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number out of range
    const auto type = response.header("content-type");
    bad_response(context, "the body is not JSON (" + std::to_string(response.body.size()) +
                              " bytes, Content-Type '" + type + "'): " + e.what());
  }
  if (!body.is_object()) bad_response(context, "the body is not a JSON object");
  return body;
}

const nlohmann::json& require_member(const nlohmann::json& object, std::string_view name,
                                     std::string_view context) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null())
    bad_response(context, "'" + std::string(name) + "' is missing");
  return *it;
}

std::string require_string(const nlohmann::json& object, std::string_view name,
                           std::string_view context) {
  const auto& value = require_member(object, name, context);
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    bad_response(context, "'" + std::string(name) + "' is not a non-empty string");
  }
  return value.get<std::string>();
}

cambio::date require_date(const nlohmann::json& object, std::string_view name,
                          std::string_view context) {
  const auto text = require_string(object, name, context);
  const auto date = parse_iso_date(text);
  if (!date) bad_response(context, "'" + std::string(name) + "' is not a date: '" + text + "'");
  return *date;
}

cambio::date require_timestamp_day(const nlohmann::json& object, std::string_view name,
                                   std::string_view context) {
  const auto& value = require_member(object, name, context);
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
    bad_response(context, "'" + std::string(name) + "' is not a Unix timestamp: " + value.dump());
  }
  return utc_day(
      std::chrono::system_clock::time_point(std::chrono::seconds(value.get<std::int64_t>())));
}

cambio::date parse_date_key(std::string_view key, std::string_view context) {
  const auto date = parse_iso_date(key);
  if (!date) bad_response(context, "'" + std::string(key) + "' is not a date");
  return *date;
}

std::map<std::string, double> read_rates(const nlohmann::json& rates, std::string_view what,
                                         std::string_view base, std::string_view context,
                                         std::string_view key_prefix) {
  if (!rates.is_object()) bad_response(context, "'" + std::string(what) + "' is not an object");
  std::map<std::string, double> out;
  for (const auto& [key, value] : rates.items()) {
    std::string_view currency = key;
    if (!currency.starts_with(key_prefix) || currency.size() == key_prefix.size()) {
      bad_response(context, "'" + std::string(what) + "' has a key '" + key + "' that is not '" +
                                std::string(key_prefix) + "' + a currency");
    }
    currency.remove_prefix(key_prefix.size());
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() <= 0) {
      bad_response(context, "'" + std::string(what) + "': the rate of " + key +
                                " is not a positive number: " + value.dump());
    }
    if (currency == base) continue;
    out.emplace(currency, value.get<double>());
  }
  if (out.empty()) bad_response(context, "'" + std::string(what) + "' holds no rates");
  return out;
}

}  // namespace cambio::rates::detail
