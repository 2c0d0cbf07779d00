// cambio::contracts::schema_catalog: readable violations, whole-reply checks, concurrent use.
// Uses the test-only schemas (test.echo, test.happened), which exist for exactly this kind of test.

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cambio/contracts.hpp"

namespace {

using cambio::contracts::schema_catalog;
using nlohmann::json;

std::vector<std::string> echo_violations(const json& request) {
  return schema_catalog::embedded().violations("test.echo.request", request);
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_CASE("the embedded catalog holds the schemas by name") {
  const auto& catalog = schema_catalog::embedded();
  CHECK(&catalog == &schema_catalog::embedded());
  CHECK(catalog.has_schema("test.echo.request"));
  CHECK(catalog.has_schema("test.echo.reply"));
  CHECK(catalog.has_schema("test.happened.event"));
  CHECK(catalog.has_schema("envelope.reply"));
  CHECK_FALSE(catalog.has_schema("test.echo"));
  CHECK_FALSE(catalog.has_schema("test.echo.request.json"));
  const auto names = catalog.names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(contains(names, "db.ping.request"));
}

TEST_CASE("a valid message has no violations") {
  CHECK(echo_violations({{"text", "hi"}}).empty());
  CHECK(echo_violations({{"text", ""}, {"sleep_ms", 0}, {"fail", "throw"}}).empty());
}

TEST_CASE("violations name the member and what is wrong with it") {
  CHECK(echo_violations({{"text", 42}}) ==
        std::vector<std::string>{"/text: expected type string, got integer"});
  CHECK(echo_violations(json::object()) == std::vector<std::string>{"/text: required but missing"});
  CHECK(echo_violations({{"text", "x"}, {"extra", 1}}) ==
        std::vector<std::string>{"/extra: unexpected property (the schema does not allow it)"});
  CHECK(echo_violations(json::array()) ==
        std::vector<std::string>{"/: expected type object, got array"});

  const auto bad_code = echo_violations({{"text", "x"}, {"fail", "teapot"}});
  REQUIRE(bad_code.size() == 1);
  CHECK(bad_code[0].starts_with("/fail: expected one of [\"invalid_argument\","));
  CHECK(bad_code[0].ends_with(", got \"teapot\""));

  CHECK(echo_violations({{"text", "x"}, {"sleep_ms", 10001}}) ==
        std::vector<std::string>{"/sleep_ms: must be <= 10000, got 10001"});
  CHECK(echo_violations({{"text", std::string(65537, 'a')}}) ==
        std::vector<std::string>{"/text: must be at most 65536 characters long"});
}

TEST_CASE("every violation of a message is reported") {
  const auto v = echo_violations({{"sleep_ms", "soon"}, {"other", true}});
  CHECK(contains(v, "/text: required but missing"));
  CHECK(contains(v, "/sleep_ms: expected type integer, got string"));
  CHECK(contains(v, "/other: unexpected property (the schema does not allow it)"));
}

TEST_CASE("violations inside nested objects and maps carry the full path") {
  const json health{{"service", "db-proxy"},
                    {"version", "1"},
                    {"healthy", true},
                    {"uptime_s", 1},
                    {"checks", {{"database", {{"ok", "yes"}, {"detail", ""}}}}},
                    {"broker", {{"connected", true}}},
                    {"queues", {{"db.ping", {{"handled", 1}, {"failed", 0}, {"in_flight", 0}}}}}};
  const auto v = schema_catalog::embedded().violations("db.health.reply", health);
  CHECK(contains(v, "/checks/database/ok: expected type boolean, got string"));
  CHECK(contains(v, "/queues/db.ping/dead_lettered: required but missing"));
  CHECK(v.size() == 2);
}

TEST_CASE("an unknown schema name is one violation saying so") {
  const auto v = schema_catalog::embedded().violations("no.such.request", json::object());
  REQUIRE(v.size() == 1);
  CHECK(v[0].find("no schema named 'no.such.request'") != std::string::npos);
}

TEST_CASE("reply_violations checks the envelope, then the result against <queue>.reply") {
  const auto& catalog = schema_catalog::embedded();
  CHECK(
      catalog.reply_violations("test.echo", {{"ok", true}, {"result", {{"text", "hi"}}}}).empty());
  CHECK(catalog.reply_violations("test.echo", {{"ok", true}, {"result", {{"text", 1}}}}) ==
        std::vector<std::string>{"/result/text: expected type string, got integer"});

  const json error_reply{
      {"ok", false},
      {"error",
       {{"code", "not_found"}, {"message", "no such thing"}, {"details", json::object()}}}};
  CHECK(catalog.reply_violations("test.echo", error_reply).empty());

  auto bad_code = error_reply;
  bad_code["error"]["code"] = "teapot";
  const auto v = catalog.reply_violations("test.echo", bad_code);
  REQUIRE(v.size() == 1);
  CHECK(v[0].starts_with("/error/code: expected one of"));

  CHECK(catalog.reply_violations("test.echo", {{"ok", true}}) ==
        std::vector<std::string>{"/result: required but missing"});
  auto both = error_reply;
  both["ok"] = true;
  both["result"] = {{"text", "hi"}};
  CHECK(catalog.reply_violations("test.echo", both) ==
        std::vector<std::string>{"/error: not allowed here"});
  CHECK_FALSE(catalog.reply_violations("test.echo", {{"result", 1}}).empty());
  CHECK_FALSE(catalog.reply_violations("test.echo", json::array()).empty());

  const auto unknown = catalog.reply_violations("no.such", {{"ok", true}, {"result", 1}});
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].find("no schema named 'no.such.reply'") != std::string::npos);
}

TEST_CASE("the catalog validates from many threads at once") {
  const auto& catalog = schema_catalog::embedded();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const bool valid = (i + t) % 2 == 0;
        const json message = valid ? json{{"text", "x"}, {"sleep_ms", i}} : json{{"text", i}};
        if (catalog.violations("test.echo.request", message).empty() != valid) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
}

// valijson matches `pattern` with std::regex, which recurses once per character: a string of about
// 100 KB under a pattern used to overflow the stack and kill the validating service. Such strings
// are now refused before valijson sees them; long strings without a pattern are untouched.
TEST_CASE("an oversized string under a pattern is refused, not a crash") {
  const auto& catalog = schema_catalog::embedded();
  const std::string huge(300'000, 'a');
  CHECK(catalog.violations("db.accounts.credentials.request",
                           {{"login", huge}, {"address", "127.0.0.1"}}) ==
        std::vector<std::string>{
            "/login: longer than 4096 characters, too long to check against its pattern"});
  // Through a "$ref" into the definitions, inside an array of objects.
  const json store = {
      {"provider", "ecb-csv"},
      {"sets",
       {{{"date", std::string(300'000, '1')}, {"base", "EUR"}, {"rates", {{"USD", 1.1}}}}}}};
  CHECK(catalog.violations("db.rates.store.request", store) ==
        std::vector<std::string>{
            "/sets/0/date: longer than 4096 characters, too long to check against its pattern"});
  // A long string where the schema has no pattern is validated as usual (test.echo's text: at
  // most 65536 characters).
  CHECK(echo_violations({{"text", std::string(60'000, 'a')}}).empty());
  // Just under the limit still goes through the pattern (and fails it, without crashing).
  const auto under =
      catalog.violations("db.accounts.credentials.request",
                         {{"login", std::string(4096, '!')}, {"address", "127.0.0.1"}});
  REQUIRE_FALSE(under.empty());
  CHECK(under[0].find("too long to check") == std::string::npos);
}
