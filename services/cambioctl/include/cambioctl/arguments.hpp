#pragma once
// Command-line arguments of one command: positionals, options with a value ("--limit 5" or
// "--limit=5") and flags ("--json"). "--" ends the options.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cambio::cambioctl {

// Bad usage: the message says what is wrong; the caller prints it with the command's usage.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--limit" → "5"
  std::set<std::string> flags;                 // "--json"

  bool has(const std::string& flag) const { return flags.contains(flag); }
  // The option as an integer in [min, max], or `fallback` when absent; usage_error when invalid.
  std::int64_t integer(const std::string& option, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;
  std::optional<std::string> option(const std::string& name) const;
};

// What a command accepts. Anything else starting with "-" is a usage_error ("--help" is always a
// flag).
struct argument_spec {
  std::set<std::string> options;  // take a value
  std::set<std::string> flags;
};

arguments parse_arguments(const std::vector<std::string>& args, const argument_spec& spec);

}  // namespace cambio::cambioctl
