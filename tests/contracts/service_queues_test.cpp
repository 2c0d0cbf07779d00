// Every queue a service declares (`<service> --list-queues`) has its request and reply schemas in
// proto-schemas/, and follows the naming rule <service>.<resource>.<verb>.

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/testing/infra.hpp"

namespace {

struct listing {
  int exit_code = -1;
  std::vector<std::string> queues;
};

listing list_queues(const std::string& binary) {
  listing out;
  // No configuration and no broker: listing the queues must need neither.
  const auto command = "env -i '" + binary + "' --list-queues";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::string text;
  std::array<char, 4096> buffer{};
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.queues.push_back(line);
  }
  return out;
}

bool well_named(const std::string& queue) {
  if (std::count(queue.begin(), queue.end(), '.') < 1) return false;
  if (queue.front() == '.' || queue.back() == '.' || queue.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(queue.begin(), queue.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

void check_service(const std::string& executable) {
  const auto binary = std::filesystem::path(cambio::testing::bin_dir()) / executable;
  INFO(binary.string());
  REQUIRE(std::filesystem::exists(binary));
  const auto result = list_queues(binary.string());
  INFO("`" << executable
           << " --list-queues` must print the queues and exit 0 without any "
              "configuration or broker");
  REQUIRE(result.exit_code == 0);
  CHECK_FALSE(result.queues.empty());  // every service answers at least <prefix>.health
  const auto& catalog = cambio::contracts::schema_catalog::embedded();
  for (const auto& queue : result.queues) {
    if (queue.starts_with("event ")) {  // a subscription: "event <routing key>"
      const auto key = queue.substr(6);
      if (!catalog.has_schema(key + ".event")) {
        FAIL_CHECK(executable << " subscribes to '" << key << "' but proto-schemas/" << key
                              << ".event.json does not exist");
      }
      continue;
    }
    if (!well_named(queue)) {
      FAIL_CHECK(executable << " declares queue '" << queue
                            << "': queue names are lowercase <service>.<resource>.<verb>");
    }
    for (const auto* kind : {".request", ".reply"}) {
      if (!catalog.has_schema(queue + kind)) {
        FAIL_CHECK(executable << " declares queue '" << queue << "' but proto-schemas/" << queue
                              << kind << ".json does not exist");
      }
    }
  }
}

}  // namespace

TEST_CASE("frontend declares only queues with schemas") { check_service("frontend"); }
TEST_CASE("db-proxy declares only queues with schemas") { check_service("db-proxy"); }
TEST_CASE("rates-ingestor declares only queues with schemas") { check_service("rates-ingestor"); }
TEST_CASE("alert-evaluator declares only queues with schemas") { check_service("alert-evaluator"); }
TEST_CASE("mailer declares only queues with schemas") { check_service("mailer"); }
