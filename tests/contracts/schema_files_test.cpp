// The files of proto-schemas/ themselves: named by the convention, valid draft-7 schemas, strict
// about members (additionalProperties), paired (request with reply), and embedded unchanged.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

#include "cambio/contracts.hpp"
#include "cambio/testing/infra.hpp"

namespace cambio::contracts::generated {
const std::map<std::string, std::string>& embedded_files();
}

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view k_envelope = "envelope.reply";

fs::path schema_dir() { return fs::path(cambio::testing::source_root()) / "proto-schemas"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Schema name ("db.ping.request") → parsed file.
std::map<std::string, json> schema_files() {
  std::map<std::string, json> out;
  for (const auto& entry : fs::directory_iterator(schema_dir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    out[entry.path().stem().string()] = json::parse(read_file(entry.path()));
  }
  return out;
}

bool ends_with_any(const std::string& name, std::initializer_list<std::string_view> suffixes) {
  for (const auto s : suffixes) {
    if (name.ends_with(s)) return true;
  }
  return false;
}

bool declares_object(const json& node) {
  const auto type = node.find("type");
  if (type == node.end()) return false;
  if (type->is_string()) return *type == "object";
  if (type->is_array()) {
    for (const auto& t : *type) {
      if (t == "object") return true;
    }
  }
  return false;
}

// Every object schema must say which members it allows: `false` for records, a schema for maps, and
// `true` only with a "$comment" saying why the object is free-form.
void check_members_closed(const json& node, const std::string& where,
                          std::vector<std::string>& problems) {
  if (!node.is_object()) return;
  if (declares_object(node)) {
    const auto additional = node.find("additionalProperties");
    if (additional == node.end()) {
      problems.push_back(where + ": object schema without \"additionalProperties\"");
    } else if (*additional == true && !node.contains("$comment")) {
      problems.push_back(where +
                         ": \"additionalProperties\": true without a \"$comment\" saying why");
    }
  }
  for (const auto* key : {"properties", "patternProperties", "definitions", "dependencies"}) {
    if (const auto it = node.find(key); it != node.end() && it->is_object()) {
      for (const auto& [name, sub] : it->items()) {
        check_members_closed(sub, where + "/" + key + "/" + name, problems);
      }
    }
  }
  for (const auto* key : {"additionalProperties", "items", "additionalItems", "contains",
                          "propertyNames", "not", "if", "then", "else"}) {
    if (const auto it = node.find(key); it != node.end()) {
      if (it->is_array()) {
        for (std::size_t i = 0; i < it->size(); ++i) {
          check_members_closed((*it)[i], where + "/" + key + "/" + std::to_string(i), problems);
        }
      } else {
        check_members_closed(*it, where + "/" + key, problems);
      }
    }
  }
  for (const auto* key : {"allOf", "anyOf", "oneOf"}) {
    if (const auto it = node.find(key); it != node.end() && it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        check_members_closed((*it)[i], where + "/" + key + "/" + std::to_string(i), problems);
      }
    }
  }
}

}  // namespace

TEST_CASE("every schema file is named <queue>.request, <queue>.reply or <key>.event") {
  const auto files = schema_files();
  REQUIRE_FALSE(files.empty());
  for (const auto& [name, schema] : files) {
    INFO("proto-schemas/" << name << ".json");
    CHECK(ends_with_any(name, {".request", ".reply", ".event"}));
    // Queue names have at least two parts (<service>.<method>) before the kind.
    if (name != k_envelope) CHECK(std::count(name.begin(), name.end(), '.') >= 2);
  }
}

TEST_CASE("every schema file is a draft-7 schema that valijson compiles") {
  for (const auto& [name, schema] : schema_files()) {
    INFO("proto-schemas/" << name << ".json");
    CHECK(schema.value("$schema", "") == "http://json-schema.org/draft-07/schema#");
    CHECK(declares_object(schema));  // every message is a JSON object
    valijson::Schema compiled;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const valijson::adapters::NlohmannJsonAdapter adapter(schema);
    CHECK_NOTHROW(parser.populateSchema(adapter, compiled));
  }
}

TEST_CASE("every object schema states additionalProperties") {
  for (const auto& [name, schema] : schema_files()) {
    std::vector<std::string> problems;
    check_members_closed(schema, "", problems);
    for (const auto& p : problems) FAIL_CHECK("proto-schemas/" << name << ".json#" << p);
  }
}

TEST_CASE("every request schema has a reply schema and every reply a request") {
  const auto files = schema_files();
  for (const auto& [name, schema] : files) {
    if (name == k_envelope) continue;
    if (name.ends_with(".request")) {
      const auto queue = name.substr(0, name.size() - std::string_view(".request").size());
      if (!files.contains(queue + ".reply")) {
        FAIL_CHECK("proto-schemas/" << name << ".json has no " << queue << ".reply.json");
      }
    } else if (name.ends_with(".reply")) {
      const auto queue = name.substr(0, name.size() - std::string_view(".reply").size());
      if (!files.contains(queue + ".request")) {
        FAIL_CHECK("proto-schemas/" << name << ".json has no " << queue << ".request.json");
      }
    }
  }
}

TEST_CASE("the embedded schemas are the files of proto-schemas/") {
  const auto files = schema_files();
  const auto& embedded = cambio::contracts::generated::embedded_files();
  std::set<std::string> embedded_names;
  for (const auto& [file, text] : embedded) {
    const auto name = file.substr(0, file.size() - std::string_view(".json").size());
    embedded_names.insert(name);
    INFO("embedded " << file);
    REQUIRE(files.contains(name));  // a stale build would embed a deleted file
    CHECK(json::parse(text) == files.at(name));
  }
  for (const auto& [name, schema] : files) {
    INFO("proto-schemas/" << name << ".json");
    CHECK(embedded_names.contains(name));  // a new file needs a CMake re-run (CONFIGURE_DEPENDS)
  }
  const auto names = cambio::contracts::schema_catalog::embedded().names();
  CHECK(std::set<std::string>(names.begin(), names.end()) == embedded_names);
}
