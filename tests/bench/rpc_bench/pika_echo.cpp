#include "pika_echo.hpp"

#include "cambio/testing/infra.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cambio::bench {
namespace {

std::string seconds(std::chrono::duration<double> d) {
  std::ostringstream out;
  out << d.count();
  return out.str();
}

}  // namespace

summary run_pika_echo(const scenario& s, const pika_runner& runner) {
  if (runner.script.empty()) throw std::invalid_argument("pika echo: no script (--pika-script)");
  const auto command =
      testing::shell_quote(runner.python) + " " + testing::shell_quote(runner.script) + " --url " +
      testing::shell_quote(s.url) + " --queue bench.pika --in-flight " +
      std::to_string(s.in_flight) + " --prefetch " + std::to_string(s.server_prefetch()) +
      " --warmup " + seconds(s.warmup) + " --seconds " + seconds(s.length) + " --drain " +
      seconds(s.drain) + " --text " + testing::shell_quote(s.text);
  FILE* pipe = popen(command.c_str(), "r");  // its stderr passes through
  if (pipe == nullptr) throw std::runtime_error("pika echo: cannot run " + runner.python);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, n);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("pika echo: `" + command + "` failed (status " +
                             std::to_string(status) + ")");
  }

  // The last line that is a JSON object holds the figures.
  std::istringstream lines(output);
  nlohmann::json figures;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.front() == '{') figures = nlohmann::json::parse(line, nullptr, false);
  }
  if (!figures.is_object())
    throw std::runtime_error("pika echo: no figures in its output: " + output);
  summary result;
  result.calls = figures.at("calls").get<std::uint64_t>();
  result.failures = figures.at("failures").get<std::uint64_t>();
  result.cps = figures.at("cps").get<double>();
  result.p50_ms = figures.at("p50_ms").get<double>();
  result.p99_ms = figures.at("p99_ms").get<double>();
  return result;
}

}  // namespace cambio::bench
