// convert_bench — rates.convert at 64 calls in flight against the rmqrpc echo in the same run, on
// the same broker. Target: convert ≥ 0.8× echo (calls per second).
//
// rates.convert is served by a real rates-ingestor (its default worker pool and prefetch, the ECB
// CSV as provider) with db-proxy behind it; conversions at the newest date are answered from the
// in-memory rate set, so this measures the queue, the schema checks and the decimal arithmetic. The
// echo server runs in this process with the same library defaults (8 workers, prefetch 16): the
// difference between the two is what serving a conversion costs over serving nothing.
//
//   convert_bench [--seconds S] [--warmup S] [--rounds R] [--in-flight N] [--csv FILE]
// Needs CAMBIO_TEST_INFRA_ENV (tests/infra/infra.sh start; run.sh does it). The last line is
// `BENCH convert_bench ...`. Exit status 1 if a run fails or completes no call.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_figures.hpp"
#include "bench_options.hpp"
#include "cambio/contracts.hpp"
#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "ecb_history.hpp"
#include "echo_server.hpp"
#include "rates_stack.hpp"
#include "rmqrpc_load.hpp"

namespace {

using namespace cambio::bench;

struct options {
  double seconds = 5;
  double warmup = 1;
  int rounds = 3;
  std::size_t in_flight = 64;
  std::string csv;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "convert_bench: " << why
            << "\nusage: convert_bench [--seconds S] [--warmup S] [--rounds R] [--in-flight N] "
               "[--csv FILE]\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  parse_options(argc, argv,
                {{"--seconds", [&](const std::string& v) { o.seconds = std::stod(v); }},
                 {"--warmup", [&](const std::string& v) { o.warmup = std::stod(v); }},
                 {"--rounds", [&](const std::string& v) { o.rounds = std::stoi(v); }},
                 {"--in-flight", [&](const std::string& v) { o.in_flight = std::stoul(v); }},
                 {"--csv", [&](const std::string& v) { o.csv = v; }}},
                usage);
  if (o.seconds <= 0 || o.warmup < 0 || o.rounds < 1 || o.in_flight < 1) {
    usage("--seconds must be > 0, --warmup >= 0, --rounds and --in-flight >= 1");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto o = parse(argc, argv);
  cambio::log::init("convert_bench", cambio::log::format::text, spdlog::level::warn);
  const auto csv = o.csv.empty() ? cambio::testing::ecb_history_csv() : o.csv;
  const auto table = cambio::testing::read_ecb_history(csv);

  cambio::testing::rates_stack stack;
  stack.start_ingestor(csv);
  if (!stack.wait_for_last_date(table.rbegin()->first)) {
    throw std::runtime_error("the ingestor did not start");
  }
  // The pairs: every currency of the newest set (and its base).
  const auto latest = stack.call("rates.latest", nlohmann::json::object());
  std::vector<std::string> codes{latest.at("base").get<std::string>()};
  for (const auto& [code, rate] : latest.at("rates").items()) codes.push_back(code);

  echo_server echo(stack.amqp_url());
  auto& client = stack.client();
  if (!wait_until_served(client, "test.echo", {{"text", "ping"}})) {
    throw std::runtime_error("the echo server did not come up");
  }

  std::mt19937 random(20261122u);
  std::uniform_int_distribution<std::size_t> pick(0, codes.size() - 1);
  std::uniform_int_distribution<int> cents(1, 10'000'000);
  // The echo's load, with another queue, parameters and check: random conversions at the newest
  // date (answered from the in-memory set).
  auto convert = echo_load(o.in_flight, o.warmup, o.seconds);
  convert.queue = "rates.convert";
  convert.next_params = [&] {
    return nlohmann::json{{"from", codes[pick(random)]},
                          {"to", codes[pick(random)]},
                          {"amount", std::to_string(cents(random) / 100) + "." +
                                         std::to_string(10 + cents(random) % 90)}};
  };
  convert.accept = [](const nlohmann::json& r) {
    return r.contains("result") && r.contains("rate");
  };
  const auto spec_for = [&](const std::string& mode) {
    return mode == "echo" ? echo_load(o.in_flight, o.warmup, o.seconds) : convert;
  };

  std::vector<double> echo_cps, convert_cps, convert_p99, echo_p99, ratios;
  bool ok = true;
  std::printf("%-6s %-8s %10s %9s %9s %9s %8s\n", "round", "queue", "calls/s", "p50 ms", "p99 ms",
              "calls", "failed");
  for (int round = 1; round <= o.rounds; ++round) {
    // Alternate which runs first, so that neither always gets the warmer machine.
    const std::vector<std::string> order = round % 2 == 1
                                               ? std::vector<std::string>{"echo", "convert"}
                                               : std::vector<std::string>{"convert", "echo"};
    double round_echo = 0, round_convert = 0;
    for (const auto& mode : order) {
      const auto r = drive_load(client, spec_for(mode));
      std::printf("%-6d %-8s %10.0f %9.3f %9.3f %9llu %8llu\n", round, mode.c_str(), r.cps,
                  r.p50_ms, r.p99_ms, static_cast<unsigned long long>(r.calls),
                  static_cast<unsigned long long>(r.failures));
      std::fflush(stdout);
      if (r.calls == 0 || r.failures > 0) ok = false;
      (mode == "echo" ? round_echo : round_convert) = r.cps;
      (mode == "echo" ? echo_p99 : convert_p99).push_back(r.p99_ms);
    }
    echo_cps.push_back(round_echo);
    convert_cps.push_back(round_convert);
    if (round_echo > 0) ratios.push_back(round_convert / round_echo);
  }
  if (ratios.empty()) throw std::runtime_error("no round completed");

  const double ratio = median(ratios);
  std::printf("\n%zu in flight: rates.convert / echo = %.3f  (target >= 0.8: %s)\n", o.in_flight,
              ratio, ratio >= 0.8 ? "met" : "MISSED");
  std::printf(
      "BENCH convert_bench in_flight=%zu echo_cps=%s convert_cps=%s echo_p99_ms=%s "
      "convert_p99_ms=%s ratio_echo=%s seconds=%s rounds=%d\n",
      o.in_flight, fixed(median(echo_cps), 0).c_str(), fixed(median(convert_cps), 0).c_str(),
      fixed(median(echo_p99), 3).c_str(), fixed(median(convert_p99), 3).c_str(),
      fixed(ratio, 3).c_str(), fixed(o.seconds, 1).c_str(), o.rounds);
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "convert_bench: %s\n", e.what());
  return 1;
}
