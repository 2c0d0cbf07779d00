// The statements of db-proxy's sources: each `query` constant has a name of its own (the name is
// its prepared statement's name on every pooled connection, so two texts under one name would
// fail on whichever connection ran both), and the alert evaluations stay planned per call.

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cambio/testing/infra.hpp"

namespace fs = std::filesystem;

namespace {

struct declaration {
  std::string file;
  std::string constant;
  std::string name;
  std::string text;  // from the constant to the end of its declaration (the first "};")
};

// The source without its `//` comment lines (the headers show example declarations in them).
std::string code_of(const fs::path& path) {
  std::ifstream in(path);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
    out += line;
    out += '\n';
  }
  return out;
}

std::vector<fs::path> db_proxy_sources() {
  const fs::path root = fs::path(cambio::testing::source_root()) / "services" / "db-proxy";
  std::vector<fs::path> out;
  for (const auto* dir : {"src", "include"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) out.push_back(entry.path());
    }
  }
  return out;
}

// Every `query k_x{...}` of db-proxy; `undeclared` counts the ones whose name is not a literal.
std::vector<declaration> declarations(int& undeclared) {
  static const std::regex any(R"(\bquery\s+(k_\w+)\s*\{)");
  static const std::regex named(R"(^\s*\"([^\"]*)\")");
  std::vector<declaration> out;
  undeclared = 0;
  for (const auto& path : db_proxy_sources()) {
    const auto code = code_of(path);
    for (auto it = std::sregex_iterator(code.begin(), code.end(), any);
         it != std::sregex_iterator(); ++it) {
      const auto after = static_cast<std::size_t>(it->position(0) + it->length(0));
      std::smatch name;
      const std::string rest = code.substr(after, 200);
      if (!std::regex_search(rest, name, named)) {
        ++undeclared;
        continue;
      }
      const auto end = code.find("};", after);
      out.push_back(
          {path.filename().string(), (*it)[1].str(), name[1].str(),
           code.substr(static_cast<std::size_t>(it->position(0)),
                       end == std::string::npos ? std::string::npos : end - it->position(0))});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every statement of db-proxy has a name of its own", "[query][unit]") {
  int undeclared = 0;
  const auto found = declarations(undeclared);
  CHECK(undeclared == 0);
  // A sanity floor: the scan sees the sources (there are about 90 statements).
  REQUIRE(found.size() > 50);
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& d : found) by_name[d.name].push_back(d.file + ": " + d.constant);
  for (const auto& [name, where] : by_name) {
    INFO("statement name " << name);
    std::ostringstream places;
    for (const auto& w : where) places << w << "; ";
    INFO("declared at " << places.str());
    CHECK(where.size() == 1);
    CHECK(std::regex_match(name, std::regex("[a-z][a-z0-9_]*")));
  }
}

TEST_CASE("the alert evaluations are planned per call", "[query][unit]") {
  int undeclared = 0;
  const auto found = declarations(undeclared);
  int seen = 0;
  for (const auto& d : found) {
    if (d.name != "evaluate_rate_set" && d.name != "evaluate_tick") continue;
    ++seen;
    INFO(d.file << ": " << d.text);
    CHECK(d.text.find("planning::per_call") != std::string::npos);
  }
  CHECK(seen == 2);
}
