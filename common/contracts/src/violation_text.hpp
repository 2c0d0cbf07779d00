#pragma once
// Turns valijson's validation results into short messages a caller can act on, e.g.
// "/amount: expected type string, got number" or "/text: required but missing".

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <valijson/validation_results.hpp>

namespace cambio::contracts::detail {

struct violation {
  std::string pointer;  // JSON pointer of the offending value ("" = the message itself)
  std::string text;
};

// One violation per problem: valijson's wrapper errors ("failed to validate against schema
// associated with property ...") are dropped when a more precise error explains them; duplicates
// are dropped. `schema` is the schema document (to name the expected type or values), `message` the
// validated value.
std::vector<violation> describe(const valijson::ValidationResults& results,
                                const nlohmann::json& schema, const nlohmann::json& message);

// "<pointer>: <text>", the pointer being "/" for the message itself.
std::string render(const violation& v);

// Escapes one reference token of a JSON pointer ("~" → "~0", "/" → "~1").
std::string pointer_token(const std::string& key);

}  // namespace cambio::contracts::detail
