#include "cambioctl/call_command.hpp"

#include <ostream>

#include "cambioctl/arguments.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/rpc_connection.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr auto k_usage =
    "usage: cambioctl call <queue> ['<json>'] [--timeout-ms N] [--request-id ID]\n"
    "\n"
    "Sends one request to <queue> (parameters: the JSON argument, {} when omitted) and prints the\n"
    "result as JSON on stdout.\n"
    "\n"
    "  --timeout-ms N     deadline of the call, connecting included (default 5000)\n"
    "  --request-id ID    the x-request-id to carry through every hop (default: a new one)\n"
    "\n"
    "exit: 0 result printed; 1 error reply (its JSON printed on stdout); 2 no reply (unavailable,\n"
    "deadline_exceeded: message on stderr) or bad usage.\n"
    "\n"
    "example: cambioctl call db.ping '{}'\n";

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

int run_call(const context& ctx) {
  const auto args = parse_arguments(ctx.args, {{"--timeout-ms", "--request-id"}, {}});
  if (args.positional.empty()) throw usage_error("missing <queue>");
  if (args.positional.size() > 2) {
    throw usage_error("too many arguments: quote the JSON parameters as one argument");
  }
  const auto& queue = args.positional[0];
  const auto params =
      args.positional.size() > 1 ? parse_params(args.positional[1]) : json::object();
  const std::chrono::milliseconds timeout{args.integer("--timeout-ms", 5000, 1, 3'600'000)};

  rmqrpc::call_options options;
  options.timeout = timeout;
  options.deadline = rmqrpc::clock::now() + timeout;
  options.request_id = args.option("--request-id").value_or("");

  const auto settings = ctx.load_settings();
  try {
    rpc_connection rpc(settings, timeout);
    ctx.out << dump(rpc.client().call(queue, params, options)) << "\n";
    return k_exit_ok;
  } catch (const rmqrpc::error& e) {
    if (is_transport_failure(e)) {
      ctx.err << "cambioctl call " << queue << ": " << rmqrpc::to_string(e.code()) << ": "
              << e.what() << "\n";
    } else {
      ctx.out << dump(e.to_json()) << "\n";
    }
    return call_exit_code(e);
  }
}

}  // namespace

json parse_params(std::string_view text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based; show where the JSON breaks.
    const auto at = e.byte == 0 ? 0 : e.byte - 1;
    throw usage_error("the parameters are not valid JSON (at character " + std::to_string(at + 1) +
                      " of '" + std::string(text) + "'); quote them, e.g. '{\"text\": \"hi\"}'");
  }
}

bool is_transport_failure(const rmqrpc::error& e) {
  const auto& details = e.details();
  if (!details.is_object()) return false;
  const auto it = details.find("transport");
  return it != details.end() && it->is_boolean() && it->get<bool>();
}

int call_exit_code(const rmqrpc::error& e) {
  return is_transport_failure(e) ? k_exit_unusable : k_exit_failed;
}

command call_command() {
  return {"call", "send one request to a queue and print the reply", k_usage, run_call};
}

}  // namespace cambio::cambioctl
