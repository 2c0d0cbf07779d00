#include "cambioctl/health_command.hpp"

#include <future>
#include <ostream>

#include "cambioctl/arguments.hpp"
#include "cambioctl/call_command.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/health_report.hpp"
#include "cambioctl/rpc_connection.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr auto k_usage =
    "usage: cambioctl health [--json] [--timeout-ms N]\n"
    "\n"
    "Asks every service for its health (<prefix>.health: db, rates, alerts, mail, frontend), all "
    "at\n"
    "once, and prints each one's status (up, unhealthy, down), version, uptime, failed checks and\n"
    "per-queue counters.\n"
    "\n"
    "  --json            one JSON object instead of the table\n"
    "  --timeout-ms N    how long to wait for the answers, connecting included (default 3000)\n"
    "\n"
    "exit: 0 every service up; 1 any unhealthy or down; 2 broker out of reach or bad usage.\n";

void record_failure(health_probe& probe, const rmqrpc::error& e) {
  probe.error_reply = !is_transport_failure(e);
  probe.error_code = std::string(rmqrpc::to_string(e.code()));
  probe.error_message = e.what();
}

int run_health(const context& ctx) {
  const auto args = parse_arguments(ctx.args, {{"--timeout-ms"}, {"--json"}});
  if (!args.positional.empty())
    throw usage_error("unexpected argument '" + args.positional[0] + "'");
  const std::chrono::milliseconds timeout{args.integer("--timeout-ms", 3000, 1, 600'000)};
  const auto settings = ctx.load_settings();

  std::vector<health_probe> probes;
  for (const auto& service : cambio_services()) probes.push_back({service, std::nullopt});

  int code = k_exit_ok;
  try {
    rpc_connection rpc(settings, timeout);
    rmqrpc::call_options options;
    options.deadline = rmqrpc::clock::now() + timeout;
    std::vector<std::future<json>> answers;
    for (const auto& probe : probes) {
      answers.push_back(
          rpc.client().call_async(probe.service.health_queue(), json::object(), options));
    }
    for (std::size_t i = 0; i < probes.size(); ++i) {
      try {
        probes[i].report = answers[i].get();
      } catch (const rmqrpc::error& e) {
        record_failure(probes[i], e);
      }
    }
  } catch (const rmqrpc::error& e) {  // no broker: nothing can answer
    for (auto& probe : probes) record_failure(probe, e);
    ctx.err << "cambioctl health: " << e.what() << "\n";
    code = k_exit_unusable;
  }

  if (args.has("--json")) {
    ctx.out << health_json(probes).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    ctx.out << format_health_table(probes);
  }
  return code != k_exit_ok ? code : health_exit_code(probes);
}

}  // namespace

command health_command() { return {"health", "the health of every service", k_usage, run_health}; }

}  // namespace cambio::cambioctl
