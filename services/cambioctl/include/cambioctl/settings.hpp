#pragma once
// Where cambioctl finds the stack: var/stack.env (written by deploy/ when it starts a stack), then
// CAMBIO_* environment variables, which win.
//
// var/stack.env is $CAMBIO_STACK_ENV if set (it must exist), else <cwd>/var/stack.env, else the
// first var/stack.env found walking up from the current directory; none at all is fine (defaults).

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cambio::cambioctl {

// A setting or the stack.env file is unusable; the message names it.
class settings_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct settings {
  std::string amqp_url = "amqp://guest:guest@127.0.0.1:5672/%2f";  // CAMBIO_AMQP_URL
  std::string mgmt_url = "http://guest:guest@127.0.0.1:15672";     // CAMBIO_MGMT_URL
  std::string log_level = "error";                                 // CAMBIO_LOG_LEVEL
  std::string stack_env;                                           // the file read ("" when none)
};

// KEY=VALUE lines as a shell would source them: blank lines and "#" comments skipped, an optional
// leading "export ", values optionally in single or double quotes. Throws settings_error naming the
// line.
std::map<std::string, std::string> parse_stack_env(std::string_view text);

// The stack.env to read, or nullopt when there is none. `explicit_path` is $CAMBIO_STACK_ENV.
std::optional<std::filesystem::path> find_stack_env(const std::filesystem::path& cwd,
                                                    const char* explicit_path);

// Defaults, overridden by the file's values, overridden by the environment's.
settings make_settings(const std::map<std::string, std::string>& file,
                       const std::map<std::string, std::string>& environment);

// The CAMBIO_* variables of the process environment.
std::map<std::string, std::string> cambio_environment();

// find_stack_env + parse_stack_env + make_settings for this process.
settings load_settings();

}  // namespace cambio::cambioctl
