#include "apilayer_error.hpp"

#include <string>

#include "rates/provider.hpp"

namespace cambio::rates::detail {
namespace {

// apilayer's documented codes. 104 is a monthly quota: retrying within one run will not help, but
// the scheduler's next run may, which is what rate_limited means to it.
provider_failure failure_for_code(std::int64_t code) {
  switch (code) {
    case 101:  // missing_access_key, invalid_access_key
    case 102:  // inactive_user
      return provider_failure::unauthorized;
    case 104:  // usage_limit_reached
      return provider_failure::rate_limited;
    case 105:  // function_access_restricted, base_currency_access_restricted: the plan
    case 302:  // invalid_date: a date the provider will not serve (future, before 1999)
      return provider_failure::refused;
    case 106:  // no_rates_available
      return provider_failure::not_found;
    default:
      return provider_failure::bad_response;
  }
}

std::string text_of(const nlohmann::json& error, const char* name) {
  const auto it = error.find(name);
  if (it == error.end()) return "?";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

void check_apilayer_success(const nlohmann::json& body, std::string_view context) {
  const auto success = body.find("success");
  if (success == body.end() || !success->is_boolean() || success->get<bool>()) return;
  const auto error = body.find("error");
  if (error == body.end() || !error->is_object()) {
    throw provider_error(provider_failure::bad_response,
                         std::string(context) + ": \"success\":false without an error object");
  }
  const auto code = error->find("code");
  const auto failure = code != error->end() && code->is_number_integer()
                           ? failure_for_code(code->get<std::int64_t>())
                           : provider_failure::bad_response;
  throw provider_error(failure, std::string(context) + ": error " + text_of(*error, "code") + " " +
                                    text_of(*error, "type") + ": " + text_of(*error, "info"));
}

}  // namespace cambio::rates::detail
