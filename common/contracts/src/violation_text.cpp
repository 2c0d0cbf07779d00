#include "violation_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string_view>

namespace cambio::contracts::detail {
namespace {

using nlohmann::json;

constexpr std::string_view k_root = "<root>";
constexpr std::string_view k_type_error = "Value type not permitted by 'type' constraint.";
constexpr std::string_view k_enum_error = "Failed to match against any enum values.";
constexpr std::string_view k_const_error =
    "Failed to match expected value set by 'const' constraint.";
constexpr std::string_view k_required_prefix = "Missing required property '";
constexpr std::string_view k_pattern_error =
    "Failed to match regex specified by 'pattern' constraint.";
constexpr std::string_view k_property_wrapper_prefix =
    "Failed to validate against schema associated with property name '";
constexpr std::string_view k_conditional_wrapper_prefix =
    "Failed to validate against a conditional schema";
constexpr std::string_view k_unexpected_prefix =
    "Object contains a property that could not be validated using 'properties' or "
    "'additionalProperties' constraints: '";

// Errors valijson adds on the way back up, after the error that explains them.
constexpr std::array<std::string_view, 4> k_wrapper_prefixes{
    "Failed to validate against schema associated with property name",
    "Failed to validate item #",
    "Failed to validate against additional properties schema",
    "Failed to validate against a conditional schema set by if-then-else constraints",
};

// "<before> <the schema's limit><after>[, got <value>]"
struct bound {
  std::string_view valijson_prefix;  // longest first: "... or equal to" before "... than"
  std::string_view keyword;
  std::string_view before;
  std::string_view after;
  bool shows_value;
};
constexpr std::array<bound, 6> k_bounds{{
    {"Expected number less than or equal to", "maximum", "must be <=", "", true},
    {"Expected number less than", "exclusiveMaximum", "must be <", "", true},
    {"Expected number greater than or equal to", "minimum", "must be >=", "", true},
    {"Expected number greater than", "exclusiveMinimum", "must be >", "", true},
    {"String should be no more than", "maxLength", "must be at most", " characters long", false},
    {"String should be no fewer than", "minLength", "must be at least", " characters long", false},
}};

// valijson's sentence as a clause: "Value should be ..." → "value should be ...".
std::string as_clause(std::string text) {
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty() && text.front() >= 'A' && text.front() <= 'Z') {
    text.front() = static_cast<char>(text.front() - 'A' + 'a');
  }
  return text;
}

bool is_wrapper(const std::string& description) {
  return std::any_of(k_wrapper_prefixes.begin(), k_wrapper_prefixes.end(),
                     [&](std::string_view p) { return description.starts_with(p); });
}

// valijson's context: {"<root>", "[amount]", "[0]"} → {"amount", "0"}.
std::vector<std::string> segments_of(const std::vector<std::string>& context) {
  std::vector<std::string> out;
  for (const auto& part : context) {
    if (part == k_root) continue;
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      out.push_back(part.substr(1, part.size() - 2));
    } else {
      out.push_back(part);
    }
  }
  return out;
}

std::string pointer_of(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += "/" + pointer_token(s);
  return out;
}

std::optional<std::size_t> index_of(const std::string& segment) {
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  if (ec != std::errc() || end != segment.data() + segment.size()) return std::nullopt;
  return index;
}

// Follows local references ("#/definitions/x") from `node`.
const json* resolve(const json& document, const json* node) {
  for (int hops = 0; node != nullptr && hops < 16; ++hops) {
    if (!node->is_object()) return node;
    const auto ref = node->find("$ref");
    if (ref == node->end() || !ref->is_string()) return node;
    const auto& text = ref->get_ref<const std::string&>();
    if (!text.starts_with("#")) return nullptr;
    try {
      node = &document.at(json::json_pointer(text.substr(1)));
    } catch (const json::exception&) {
      return nullptr;
    }
  }
  return nullptr;
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The subschema and the value at `segments`, following the message alongside the schema; a null
// schema when the path leaves what this simple walk understands (combinators, pattern properties).
std::pair<const json*, const json*> locate(const json& schema, const json& message,
                                           const std::vector<std::string>& segments) {
  const json* node = resolve(schema, &schema);
  const json* value = &message;
  for (const auto& segment : segments) {
    if (value == nullptr) break;
    const json* next_node = nullptr;
    const json* next_value = nullptr;
    if (value->is_object()) {
      if (const auto it = value->find(segment); it != value->end()) next_value = &*it;
      if (node != nullptr) {
        const json* properties = member(*node, "properties");
        next_node = properties != nullptr ? member(*properties, segment) : nullptr;
        if (next_node == nullptr) {
          const json* additional = member(*node, "additionalProperties");
          if (additional != nullptr && additional->is_object()) next_node = additional;
        }
      }
    } else if (value->is_array()) {
      const auto index = index_of(segment);
      if (index && *index < value->size()) next_value = &(*value)[*index];
      if (node != nullptr && index) {
        const json* items = member(*node, "items");
        if (items != nullptr && items->is_object()) {
          next_node = items;
        } else if (items != nullptr && items->is_array() && *index < items->size()) {
          next_node = &(*items)[*index];
        }
      }
    }
    node = next_node == nullptr ? nullptr : resolve(schema, next_node);
    value = next_value;
  }
  return {node, value};
}

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "unknown";
  }
}

// A short rendering of a value for a message.
std::string shown(const json& value) {
  auto text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 240) text = text.substr(0, 237) + "...";
  return text;
}

std::string quoted_name(const std::string& description, std::string_view prefix) {
  auto rest = description.substr(prefix.size());
  const auto end = rest.rfind('\'');
  return end == std::string::npos ? rest : rest.substr(0, end);
}

violation describe_one(const valijson::ValidationResults::Error& error, const json& schema,
                       const json& message) {
  auto segments = segments_of(error.context);
  const auto& description = error.description;

  if (description.starts_with(k_required_prefix)) {
    segments.push_back(quoted_name(description, k_required_prefix));
    return {pointer_of(segments), "required but missing"};
  }
  if (description.starts_with(k_unexpected_prefix)) {
    segments.push_back(quoted_name(description, k_unexpected_prefix));
    return {pointer_of(segments), "unexpected property (the schema does not allow it)"};
  }

  const auto [node, value] = locate(schema, message, segments);
  const std::string got = value != nullptr ? type_name(*value) : std::string("?");
  if (description == k_type_error) {
    const json* type = node != nullptr ? member(*node, "type") : nullptr;
    if (type != nullptr && type->is_string()) {
      return {pointer_of(segments), "expected type " + type->get<std::string>() + ", got " + got};
    }
    if (type != nullptr && type->is_array()) {
      std::string expected;
      for (const auto& t : *type) {
        if (!expected.empty()) expected += " or ";
        expected += t.is_string() ? t.get<std::string>() : t.dump();
      }
      return {pointer_of(segments), "expected type " + expected + ", got " + got};
    }
    return {pointer_of(segments), "type " + got + " is not allowed here"};
  }
  if (description == k_enum_error) {
    const json* allowed = node != nullptr ? member(*node, "enum") : nullptr;
    if (allowed != nullptr && value != nullptr) {
      return {pointer_of(segments),
              "expected one of " + shown(*allowed) + ", got " + shown(*value)};
    }
    return {pointer_of(segments), "not one of the allowed values"};
  }
  if (description == k_const_error) {
    const json* expected = node != nullptr ? member(*node, "const") : nullptr;
    if (expected != nullptr && value != nullptr) {
      return {pointer_of(segments), "expected " + shown(*expected) + ", got " + shown(*value)};
    }
    return {pointer_of(segments), "not the one allowed value"};
  }

  if (description == k_pattern_error) {
    const json* pattern = node != nullptr ? member(*node, "pattern") : nullptr;
    if (pattern != nullptr && pattern->is_string()) {
      return {pointer_of(segments), "must match the pattern " + pattern->get<std::string>()};
    }
  }
  // Bounds: valijson prints them as doubles ("0.000000"); the schema has them as written.
  for (const auto& bound : k_bounds) {
    if (!description.starts_with(bound.valijson_prefix)) continue;
    const json* limit = node != nullptr ? member(*node, bound.keyword) : nullptr;
    if (limit == nullptr) break;
    auto text = std::string(bound.before) + " " + shown(*limit) + std::string(bound.after);
    if (bound.shows_value && value != nullptr) text += ", got " + shown(*value);
    return {pointer_of(segments), text};
  }

  return {pointer_of(segments), as_clause(description)};
}

// When valijson gives only wrapper errors, a subschema rejected a value without saying why: a
// `false` schema ("this member is not allowed here").
violation describe_wrapper(const valijson::ValidationResults::Error& error) {
  auto segments = segments_of(error.context);
  if (error.description.starts_with(k_property_wrapper_prefix)) {
    segments.push_back(quoted_name(error.description, k_property_wrapper_prefix));
    return {pointer_of(segments), "not allowed here"};
  }
  return {pointer_of(segments), as_clause(error.description)};
}

}  // namespace

std::string pointer_token(const std::string& key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<violation> describe(const valijson::ValidationResults& results, const json& schema,
                                const json& message) {
  const bool has_precise = std::any_of(results.begin(), results.end(),
                                       [](const auto& e) { return !is_wrapper(e.description); });
  std::vector<violation> out;
  for (const auto& error : results) {
    if (has_precise && is_wrapper(error.description)) continue;
    // Only wrappers: keep the one that names the rejected member over the generic conditional one.
    if (!has_precise && error.description.starts_with(k_conditional_wrapper_prefix) &&
        results.numErrors() > 1) {
      continue;
    }
    auto v = has_precise ? describe_one(error, schema, message) : describe_wrapper(error);
    const bool seen = std::any_of(out.begin(), out.end(), [&](const violation& o) {
      return o.pointer == v.pointer && o.text == v.text;
    });
    if (!seen) out.push_back(std::move(v));
  }
  return out;
}

std::string render(const violation& v) {
  return (v.pointer.empty() ? std::string("/") : v.pointer) + ": " + v.text;
}

}  // namespace cambio::contracts::detail
