#include "cambioctl/command.hpp"

#include <iostream>
#include <ostream>

#include <spdlog/spdlog.h>

#include "cambio/log.hpp"

#include "cambioctl/arguments.hpp"
#include "cambioctl/exit_codes.hpp"

namespace cambio::cambioctl {
namespace {

const command* find_command(const std::vector<command>& commands, const std::string& name) {
  for (const auto& c : commands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool is_help(const std::string& arg) { return arg == "--help" || arg == "-h" || arg == "help"; }

}  // namespace

std::string overview(const std::vector<command>& commands) {
  std::string text =
      "cambioctl — operate a Cambio stack (RPC queues and the RabbitMQ management API)\n"
      "\n"
      "usage: cambioctl <command> [arguments]\n"
      "       cambioctl <command> --help\n"
      "\n"
      "commands:\n";
  for (const auto& c : commands) {
    text += "  " + c.name + std::string(c.name.size() < 10 ? 10 - c.name.size() : 1, ' ') +
            c.summary + "\n";
  }
  text +=
      "\n"
      "settings: var/stack.env ($CAMBIO_STACK_ENV, else ./var/stack.env or the nearest one "
      "above),\n"
      "          then the environment: CAMBIO_AMQP_URL (amqp://user:pass@host:port/vhost),\n"
      "          CAMBIO_MGMT_URL (http://user:pass@host:port), CAMBIO_LOG_LEVEL.\n"
      "exit codes: 0 ok; 1 the answer is no (error reply, unhealthy, not found);\n"
      "            2 bad usage or the broker / management API out of reach.\n";
  return text;
}

int dispatch(const std::vector<std::string>& args, const std::vector<command>& commands,
             const context& base) {
  if (args.empty()) {
    base.err << overview(commands);
    return k_exit_unusable;
  }
  if (is_help(args[0])) {
    if (args.size() > 1) {
      if (const auto* c = find_command(commands, args[1])) {
        base.out << c->usage;
        return k_exit_ok;
      }
      base.err << "cambioctl: unknown command '" << args[1] << "'\n\n" << overview(commands);
      return k_exit_unusable;
    }
    base.out << overview(commands);
    return k_exit_ok;
  }
  const auto* c = find_command(commands, args[0]);
  if (c == nullptr) {
    base.err << "cambioctl: unknown command '" << args[0] << "'\n\n" << overview(commands);
    return k_exit_unusable;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& arg : rest) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      base.out << c->usage;
      return k_exit_ok;
    }
  }
  const context ctx{rest, base.out, base.err, base.load_settings};
  try {
    return c->run(ctx);
  } catch (const usage_error& e) {
    base.err << "cambioctl " << c->name << ": " << e.what() << "\n\n" << c->usage;
    return k_exit_unusable;
  } catch (const settings_error& e) {
    base.err << "cambioctl: " << e.what() << "\n";
    return k_exit_unusable;
  }
}

int run_cli(int argc, char** argv, const std::vector<command>& commands) {
  // Library logs (rmqrpc reconnecting, ...) go to stderr, quiet unless CAMBIO_LOG_LEVEL says so.
  cambio::log::init("cambioctl", cambio::log::format::text, spdlog::level::err);
  const std::vector<std::string> args(argv + 1, argv + argc);
  const context base{{}, std::cout, std::cerr, [] {
                       auto s = load_settings();
                       cambio::log::init("cambioctl", cambio::log::format::text,
                                         spdlog::level::from_str(s.log_level));
                       return s;
                     }};
  const int code = dispatch(args, commands, base);
  std::cout.flush();
  return code;
}

}  // namespace cambio::cambioctl
