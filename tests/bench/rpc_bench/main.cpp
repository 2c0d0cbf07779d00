// rpc_bench — the same echo RPC five ways in one run on the same broker: rmqrpc, raw rabbitmq-c
// (direct reply-to: the floor of what the broker allows), raw rabbitmq-c shaped as DESIGN.md
// shapes rmqrpc (`raw_design`: a worker pool behind the consuming thread, mandatory + confirms; the
// floor of the design, see raw_echo.hpp), the same plus what the contract asks of every message
// (`raw_contract`: JSON, the schema check, headers, deadline, histograms; the floor of any library
// that keeps DESIGN.md "The wire") and RabbitMQ tutorial six with python3-pika (an exclusive
// callback queue per client), at 1 and 64 calls in flight. Prints calls/s, p50, p99 and the
// ratios; the last line is `BENCH rpc_bench key=value ...`. Target: rmqrpc ≥ 0.9× raw and ≥ 2×
// pika (ratio_raw_N, ratio_pika_N: rmqrpc calls/s over the baseline's); ratio_raw_design_N and
// ratio_raw_contract_N are reference figures, and floor_design_N and floor_contract_N
// (raw_design's and raw_contract's calls/s over raw's) say how close to raw the design itself can
// come.
//
// All five send requests as transient messages to a classic queue (what rmqrpc serves requests
// from), so their ratios compare the RPC approaches, not queue types.
//
//   rpc_bench --url amqp://guest:guest@127.0.0.1:5892 --pika-script pika_rpc.py
//   rpc_bench --infra-env build/test-infra/infra.env ...  (on a fresh vhost of the test broker)
// run.sh starts a private broker and passes these; deploy/bench.sh rpc_bench calls run.sh.
//
// Options:
//   --seconds S      measured per scenario and round (5)     --warmup S   before each (1)
//   --rounds R       every scenario R times, interleaved (3): the figures are medians over the
//                    rounds, the ratios medians of each round's ratio
//   --in-flight 1,64 --modes raw,raw_design,raw_contract,rmqrpc,pika   --text T  the echoed text
//   --workers N      rmqrpc's, raw_design's and raw_contract's server threads (8, the library's)
//   --prefetch N     every server's (default max(16, calls in flight): see scenario.hpp)
//   --python /usr/bin/python3  --pika-script pika_rpc.py
// Exit status 1 if a scenario fails or completes no call.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_figures.hpp"
#include "cambio/log.hpp"
#include "cambio/testing/infra.hpp"
#include "latency_stats.hpp"
#include "pika_echo.hpp"
#include "raw_echo.hpp"
#include "rmqrpc_echo.hpp"
#include "scenario.hpp"

namespace {

using namespace cambio::bench;

struct options {
  std::string url;
  std::string infra_env;
  double seconds = 5;
  double warmup = 1;
  int rounds = 3;
  std::uint16_t prefetch = 0;
  std::vector<std::size_t> in_flight{1, 64};
  std::vector<std::string> modes{"raw", "raw_design", "raw_contract", "rmqrpc", "pika"};
  rmqrpc_tuning tuning;
  pika_runner pika;
  std::string text = "hello, cambio";
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "rpc_bench: " << why << "\n"
            << "usage: rpc_bench (--url AMQP_URL | --infra-env FILE) [--seconds S] [--warmup S]\n"
               "                 [--rounds R] [--in-flight 1,64] [--modes "
               "raw,raw_design,raw_contract,rmqrpc,pika]\n"
               "                 [--workers N] [--prefetch N] [--pika-script pika_rpc.py]\n"
               "                 [--python /usr/bin/python3] [--text T]\n";
  std::exit(2);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--url") {
        o.url = value();
      } else if (arg == "--infra-env") {
        o.infra_env = value();
      } else if (arg == "--seconds") {
        o.seconds = std::stod(value());
      } else if (arg == "--warmup") {
        o.warmup = std::stod(value());
      } else if (arg == "--rounds") {
        o.rounds = std::stoi(value());
      } else if (arg == "--prefetch") {
        o.prefetch = static_cast<std::uint16_t>(std::stoul(value()));
      } else if (arg == "--in-flight") {
        o.in_flight.clear();
        for (const auto& n : split(value())) o.in_flight.push_back(std::stoul(n));
      } else if (arg == "--modes") {
        o.modes = split(value());
      } else if (arg == "--workers") {
        o.tuning.workers = std::stoul(value());
      } else if (arg == "--pika-script") {
        o.pika.script = value();
      } else if (arg == "--python") {
        o.pika.python = value();
      } else if (arg == "--text") {
        o.text = value();
      } else if (arg == "-h" || arg == "--help") {
        usage("help");
      } else {
        usage("unknown argument " + arg);
      }
    } catch (const std::logic_error&) {  // stod/stoul
      usage("bad value for " + arg);
    }
  }
  if (o.url.empty() == o.infra_env.empty()) usage("give exactly one of --url and --infra-env");
  if (o.seconds <= 0 || o.warmup < 0 || o.rounds < 1) {
    usage("--seconds must be > 0, --warmup >= 0, --rounds >= 1");
  }
  for (const auto n : o.in_flight) {
    if (n == 0 || n > 65535) usage("--in-flight values must be in 1..65535");
  }
  for (const auto& m : o.modes) {
    if (m != "raw" && m != "raw_design" && m != "raw_contract" && m != "rmqrpc" && m != "pika") {
      usage("unknown mode " + m);
    }
  }
  if (o.text.find_first_of("\"\\") != std::string::npos)
    usage("--text must not need JSON escaping");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  cambio::log::init("rpc_bench", cambio::log::format::text, spdlog::level::warn);

  // --infra-env: a vhost of our own on the test broker (the smoke test), deleted at exit.
  std::unique_ptr<cambio::testing::scoped_vhost> vhost;
  std::string url = o.url;
  if (!o.infra_env.empty()) {
    setenv("CAMBIO_TEST_INFRA_ENV", o.infra_env.c_str(), 1);
    vhost = std::make_unique<cambio::testing::scoped_vhost>();
    url = vhost->amqp_url();
  }

  // "<mode>_<in flight>" → one summary per round (none for a round where it failed).
  std::map<std::string, std::map<int, summary>> results;
  bool ok = true;
  std::printf("%-6s %-10s %-13s %10s %9s %9s %9s %8s\n", "round", "in-flight", "mode", "calls/s",
              "p50 ms", "p99 ms", "calls", "failed");
  for (int round = 1; round <= o.rounds; ++round) {
    for (const auto n : o.in_flight) {
      // Each round starts with another mode, so that none always runs first (or last).
      for (std::size_t i = 0; i < o.modes.size(); ++i) {
        const auto& mode = o.modes[(i + static_cast<std::size_t>(round) - 1) % o.modes.size()];
        scenario s;
        s.url = url;
        s.in_flight = n;
        s.prefetch = o.prefetch;
        s.warmup = std::chrono::duration<double>(o.warmup);
        s.length = std::chrono::duration<double>(o.seconds);
        s.text = o.text;
        try {
          const auto r = mode == "raw"            ? run_raw_echo(s)
                         : mode == "raw_design"   ? run_raw_echo(s, {true, o.tuning.workers})
                         : mode == "raw_contract" ? run_raw_echo(s, {true, o.tuning.workers, true})
                         : mode == "rmqrpc"       ? run_rmqrpc_echo(s, o.tuning)
                                                  : run_pika_echo(s, o.pika);
          results[mode + "_" + std::to_string(n)][round] = r;
          std::printf("%-6d %-10zu %-13s %10.0f %9.3f %9.3f %9llu %8llu\n", round, n, mode.c_str(),
                      r.cps, r.p50_ms, r.p99_ms, static_cast<unsigned long long>(r.calls),
                      static_cast<unsigned long long>(r.failures));
          if (r.calls == 0) {
            std::fprintf(stderr, "rpc_bench: %s with %zu in flight completed no call\n",
                         mode.c_str(), n);
            ok = false;
          }
          if (r.failures > 0) {
            std::fprintf(stderr, "rpc_bench: %s with %zu in flight: %llu calls failed\n",
                         mode.c_str(), n, static_cast<unsigned long long>(r.failures));
          }
        } catch (const std::exception& e) {
          std::fprintf(stderr, "rpc_bench: %s with %zu in flight failed: %s\n", mode.c_str(), n,
                       e.what());
          ok = false;
        }
        std::fflush(stdout);
      }
    }
  }

  // The figures: medians over the rounds.
  std::string line = "BENCH rpc_bench";
  std::printf("\nmedians of %d round(s) of %.1f s:\n", o.rounds, o.seconds);
  std::printf("%-10s %-13s %10s %9s %9s\n", "in-flight", "mode", "calls/s", "p50 ms", "p99 ms");
  for (const auto n : o.in_flight) {
    for (const auto& mode : o.modes) {
      const auto key = mode + "_" + std::to_string(n);
      const auto it = results.find(key);
      if (it == results.end()) continue;
      const auto figure = [&](double summary::*field) {
        std::vector<double> values;
        for (const auto& [round, r] : it->second) values.push_back(r.*field);
        return median(values);
      };
      const double cps = figure(&summary::cps), p50 = figure(&summary::p50_ms),
                   p99 = figure(&summary::p99_ms);
      std::printf("%-10zu %-13s %10.0f %9.3f %9.3f\n", n, mode.c_str(), cps, p50, p99);
      line += " " + key + "_cps=" + fixed(cps, 0) + " " + key + "_p50_ms=" + fixed(p50, 3) + " " +
              key + "_p99_ms=" + fixed(p99, 3);
    }
  }

  // Ratios of calls per second: the median of the rounds' ratios, each between runs seconds apart,
  // which cancels most of the drift of a shared machine. nullopt when either mode did not run.
  const auto ratio_of = [&](const std::string& mode, const std::string& baseline,
                            std::size_t n) -> std::optional<double> {
    const auto ours = results.find(mode + "_" + std::to_string(n));
    const auto theirs = results.find(baseline + "_" + std::to_string(n));
    if (ours == results.end() || theirs == results.end()) return std::nullopt;
    std::vector<double> ratios;
    for (const auto& [round, r] : ours->second) {
      const auto other = theirs->second.find(round);
      if (other != theirs->second.end() && other->second.cps > 0) {
        ratios.push_back(r.cps / other->second.cps);
      }
    }
    if (ratios.empty()) return std::nullopt;
    return median(ratios);
  };
  std::printf("\n");
  for (const auto n : o.in_flight) {
    // How close to raw the design can come at all: its floors against the broker's.
    for (const auto* floor : {"design", "contract"}) {
      const auto ratio = ratio_of(std::string("raw_") + floor, "raw", n);
      if (!ratio) continue;
      std::printf("%zu in flight: raw_%-8s / raw = %6.3f  (the floor of the %s)\n", n, floor,
                  *ratio, floor);
      line += " floor_" + std::string(floor) + "_" + std::to_string(n) + "=" + fixed(*ratio, 3);
    }
    // Target 0: a reference figure, not a target.
    for (const auto& [baseline, target] :
         {std::pair{"raw", 0.9}, std::pair{"raw_design", 0.0}, std::pair{"raw_contract", 0.0},
          std::pair{"pika", 2.0}}) {
      const auto found = ratio_of("rmqrpc", baseline, n);
      if (!found) continue;
      const double ratio = *found;
      std::printf("%zu in flight: rmqrpc / %-12s = %6.3f", n, baseline, ratio);
      if (target > 0) {
        std::printf("  (target >= %.1f: %s)\n", target, ratio >= target ? "met" : "MISSED");
      } else {
        std::printf("  (reference: the floor of the %s)\n",
                    std::string_view(baseline) == "raw_design" ? "design" : "contract");
      }
      line += " ratio_" + std::string(baseline) + "_" + std::to_string(n) + "=" + fixed(ratio, 3);
    }
  }
  line += " seconds=" + fixed(o.seconds, 1) + " rounds=" + std::to_string(o.rounds);
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  return ok ? 0 : 1;
}
