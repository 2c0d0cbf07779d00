#pragma once
// fixer.io and exchangerate.host (both apilayer products) answer errors with HTTP 200 and
// {"success":false,"error":{"code":101,"type":"missing_access_key","info":"..."}}.

#include <string_view>

#include <nlohmann/json.hpp>

namespace cambio::rates::detail {

// Throws the provider_error for an apilayer error body; returns when "success" is not false.
void check_apilayer_success(const nlohmann::json& body, std::string_view context);

}  // namespace cambio::rates::detail
