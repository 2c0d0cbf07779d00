// The golden messages of proto-schemas/examples/: each valid one validates against its schema, each
// one under invalid/ does not, and every schema has at least one valid example.
// File names: <schema name>.<case>.json, e.g. test.echo.request.text_only.json.

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cambio/contracts.hpp"
#include "cambio/testing/infra.hpp"

namespace {

namespace fs = std::filesystem;
using cambio::contracts::schema_catalog;

struct example {
  fs::path path;
  std::string schema;  // "test.echo.request"
  nlohmann::json message;
};

std::vector<example> examples_in(const fs::path& dir) {
  std::vector<example> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const auto stem = entry.path().stem().string();  // "<schema>.<case>"
    const auto dot = stem.rfind('.');
    std::ifstream in(entry.path());
    std::ostringstream text;
    text << in.rdbuf();
    out.push_back({entry.path(), dot == std::string::npos ? std::string() : stem.substr(0, dot),
                   nlohmann::json::parse(text.str(), nullptr, false)});
  }
  return out;
}

fs::path examples_dir() {
  return fs::path(cambio::testing::source_root()) / "proto-schemas" / "examples";
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

}  // namespace

TEST_CASE("every golden example validates against its schema") {
  const auto& catalog = schema_catalog::embedded();
  const auto examples = examples_in(examples_dir());
  REQUIRE_FALSE(examples.empty());
  for (const auto& e : examples) {
    INFO(e.path.string());
    if (e.message.is_discarded()) {
      FAIL_CHECK(e.path.filename().string() << " is not valid JSON");
      continue;
    }
    if (!catalog.has_schema(e.schema)) {
      FAIL_CHECK(e.path.filename().string() << " names no schema ('" << e.schema << "')");
      continue;
    }
    const auto violations = catalog.violations(e.schema, e.message);
    if (!violations.empty()) {
      FAIL_CHECK(e.path.filename().string() << " does not validate:" << joined(violations));
    }
  }
}

TEST_CASE("no invalid golden example validates against its schema") {
  const auto& catalog = schema_catalog::embedded();
  const auto examples = examples_in(examples_dir() / "invalid");
  REQUIRE_FALSE(examples.empty());
  for (const auto& e : examples) {
    INFO(e.path.string());
    if (e.message.is_discarded()) {
      FAIL_CHECK("invalid/" << e.path.filename().string()
                            << " is not JSON at all: invalid examples must be JSON that breaks "
                               "the schema");
      continue;
    }
    if (!catalog.has_schema(e.schema)) {
      FAIL_CHECK("invalid/" << e.path.filename().string() << " names no schema ('" << e.schema
                            << "')");
      continue;
    }
    if (catalog.violations(e.schema, e.message).empty()) {
      FAIL_CHECK("invalid/" << e.path.filename().string() << " validates against " << e.schema
                            << " but must not");
    }
  }
}

TEST_CASE("every schema has at least one valid golden example") {
  std::set<std::string> covered;
  for (const auto& e : examples_in(examples_dir())) covered.insert(e.schema);
  for (const auto& name : schema_catalog::embedded().names()) {
    if (!covered.contains(name)) {
      FAIL_CHECK("proto-schemas/" << name << ".json has no example: add proto-schemas/examples/"
                                  << name << ".<case>.json");
    }
  }
}
