#include "long_strings.hpp"

#include <string>

namespace cambio::contracts::detail {
namespace {

using json = nlohmann::json;

class walker {
 public:
  explicit walker(const json& document) : document_(document) {}

  void walk(const json& schema, const json& value, const std::string& pointer, int depth = 0) {
    if (depth > 64 || !schema.is_object()) return;  // a $ref cycle, or `true`/`false`
    const json& s = resolve(schema);
    for (const char* combinator : {"allOf", "anyOf", "oneOf"}) {
      if (s.contains(combinator) && s[combinator].is_array()) {
        for (const auto& branch : s[combinator]) walk(branch, value, pointer, depth + 1);
      }
    }
    if (value.is_string()) {
      if (value.get_ref<const std::string&>().size() > k_max_regex_input &&
          (s.contains("pattern") || s.contains("format"))) {
        found.push_back({pointer, "longer than " + std::to_string(k_max_regex_input) +
                                      " characters, too long to check against its pattern"});
      }
    } else if (value.is_object()) {
      for (const auto& [key, item] : value.items()) {
        const auto item_pointer = pointer + "/" + pointer_token(key);
        if (s.contains("properties") && s["properties"].contains(key)) {
          walk(s["properties"][key], item, item_pointer, depth + 1);
        } else if (s.contains("additionalProperties")) {
          walk(s["additionalProperties"], item, item_pointer, depth + 1);
        }
        if (s.contains("patternProperties")) {
          for (const auto& [ignored, sub] : s["patternProperties"].items()) {
            walk(sub, item, item_pointer, depth + 1);
          }
        }
      }
      if (s.contains("propertyNames")) {
        for (const auto& [key, ignored] : value.items()) {
          walk(s["propertyNames"], json(key), pointer + "/" + pointer_token(key), depth + 1);
        }
      }
    } else if (value.is_array() && s.contains("items")) {
      const auto& items = s["items"];
      for (std::size_t i = 0; i < value.size(); ++i) {
        const auto& sub = items.is_array() ? (i < items.size() ? items[i] : json()) : items;
        walk(sub, value[i], pointer + "/" + std::to_string(i), depth + 1);
      }
    }
  }

  std::vector<violation> found;

 private:
  // A local "$ref" ("#/definitions/x") to the schema it names; anything else as it is.
  const json& resolve(const json& schema) const {
    const auto ref = schema.find("$ref");
    if (ref == schema.end() || !ref->is_string()) return schema;
    const auto& text = ref->get_ref<const std::string&>();
    if (text.rfind("#", 0) != 0) return schema;
    try {
      return document_.at(json::json_pointer(text.substr(1)));
    } catch (const json::exception&) {
      return schema;  // valijson reports the broken reference
    }
  }

  const json& document_;
};

}  // namespace

std::vector<violation> overlong_regex_inputs(const json& schema, const json& message) {
  walker w(schema);
  w.walk(schema, message, "");
  return w.found;
}

}  // namespace cambio::contracts::detail
