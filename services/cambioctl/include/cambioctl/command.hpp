#pragma once
// A cambioctl command and the dispatcher that picks one from the command line.

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cambioctl/settings.hpp"

namespace cambio::cambioctl {

// What a running command gets: its arguments (after the command name), where to write, and the
// settings, loaded on first use (so that `--help` needs none).
struct context {
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
  std::function<settings()> load_settings;
};

struct command {
  std::string name;     // "call"
  std::string summary;  // one line for the overview
  std::string usage;    // the full help text of the command
  std::function<int(const context&)> run;
};

// Runs the command named by args[0] ("cambioctl <command> ..."); prints the overview for no
// arguments, "--help", "-h" or "help", a command's usage for "<command> --help" or "help
// <command>". Unknown command or missing command: overview on `err`, exit 2. A usage_error from a
// command: message and the command's usage on `err`, exit 2.
int dispatch(const std::vector<std::string>& args, const std::vector<command>& commands,
             const context& base);

// The overview: the commands and their summaries, settings and exit codes.
std::string overview(const std::vector<command>& commands);

// main(): dispatch on the process's arguments with std::cout/std::cerr, settings from
// load_settings() (which also sets the log level).
int run_cli(int argc, char** argv, const std::vector<command>& commands);

}  // namespace cambio::cambioctl
