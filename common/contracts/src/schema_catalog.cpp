#include "cambio/contracts.hpp"

#include <map>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "cambio/log.hpp"
#include "long_strings.hpp"
#include "violation_text.hpp"

namespace cambio::contracts {

namespace generated {
const std::map<std::string, std::string>& embedded_files();
}

namespace {

constexpr std::string_view k_extension = ".json";
constexpr std::string_view k_envelope = "envelope.reply";

// One schema file, parsed and compiled once.
struct compiled_schema {
  nlohmann::json document;  // kept for the wording of violations (expected types and values)
  valijson::Schema schema;
};

std::unique_ptr<compiled_schema> compile(const std::string& file, const std::string& text) {
  auto out = std::make_unique<compiled_schema>();
  try {
    out->document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("proto-schemas/" + file + " is not valid JSON: " + e.what());
  }
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const valijson::adapters::NlohmannJsonAdapter adapter(out->document);
    parser.populateSchema(adapter, out->schema);
  } catch (const std::exception& e) {
    throw std::runtime_error("proto-schemas/" + file +
                             " is not a usable draft-7 schema: " + e.what());
  }
  return out;
}

std::vector<std::string> rendered(const std::vector<detail::violation>& violations) {
  std::vector<std::string> out;
  out.reserve(violations.size());
  for (const auto& v : violations) out.push_back(detail::render(v));
  return out;
}

}  // namespace

struct schema_catalog::impl {
  std::map<std::string, std::unique_ptr<compiled_schema>, std::less<>> schemas;

  std::vector<detail::violation> check(std::string_view name, const nlohmann::json& message) const {
    const auto it = schemas.find(name);
    if (it == schemas.end()) {
      return {{"", "no schema named '" + std::string(name) + "' in proto-schemas/"}};
    }
    // A validator per thread: valijson's Validator caches compiled regular expressions, and is not
    // safe to share between threads.
    thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
    if (auto overlong = detail::overlong_regex_inputs(it->second->document, message);
        !overlong.empty()) {
      return overlong;
    }
    valijson::ValidationResults results;
    try {
      const valijson::adapters::NlohmannJsonAdapter target(message);
      if (validator.validate(it->second->schema, target, &results)) return {};
    } catch (const std::exception& e) {
      return {{"", std::string("the validator failed: ") + e.what()}};
    }
    auto out = detail::describe(results, it->second->document, message);
    if (out.empty()) out.push_back({"", "does not match " + std::string(name)});
    return out;
  }
};

schema_catalog::schema_catalog() : impl_(std::make_unique<impl>()) {
  for (const auto& [file, text] : generated::embedded_files()) {
    if (!file.ends_with(k_extension)) continue;
    const auto name = file.substr(0, file.size() - k_extension.size());
    impl_->schemas.emplace(name, compile(file, text));
  }
  if (!has_schema(k_envelope)) {
    throw std::runtime_error("proto-schemas/" + std::string(k_envelope) + ".json is missing");
  }
  cambio::log::get("contracts")
      ->debug("compiled {} schemas of proto-schemas/", impl_->schemas.size());
}

schema_catalog::~schema_catalog() = default;

const schema_catalog& schema_catalog::embedded() {
  static const schema_catalog catalog;
  return catalog;
}

bool schema_catalog::has_schema(std::string_view name) const {
  return impl_->schemas.find(name) != impl_->schemas.end();
}

std::vector<std::string> schema_catalog::violations(std::string_view name,
                                                    const nlohmann::json& message) const {
  return rendered(impl_->check(name, message));
}

std::vector<std::string> schema_catalog::names() const {
  std::vector<std::string> out;
  out.reserve(impl_->schemas.size());
  for (const auto& [name, schema] : impl_->schemas) out.push_back(name);
  return out;
}

std::vector<std::string> schema_catalog::reply_violations(std::string_view queue,
                                                          const nlohmann::json& reply) const {
  if (auto envelope = impl_->check(k_envelope, reply); !envelope.empty()) {
    return rendered(envelope);
  }
  if (!reply.at("ok").get<bool>()) return {};  // the envelope schema covers error replies
  const auto name = std::string(queue) + ".reply";
  if (!has_schema(name)) return rendered(impl_->check(name, reply));
  auto result = impl_->check(name, reply.at("result"));
  for (auto& v : result) v.pointer = "/result" + v.pointer;
  return rendered(result);
}

}  // namespace cambio::contracts
