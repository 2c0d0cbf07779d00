#pragma once
// The command line of a benchmark: "--name value" pairs, each handed to its setter.
//
//   parse_options(argc, argv, {{"--seconds", [&](const std::string& v) { o.seconds = std::stod(v);
//   }}},
//                 usage);
//
// An unknown name, a name without a value, or a value its setter cannot parse (std::stod and
// friends throw std::logic_error) calls `usage` with the reason (which must not return).

#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace cambio::bench {

using option_setters = std::map<std::string, std::function<void(const std::string&)>>;

inline void parse_options(int argc, char** argv, const option_setters& setters,
                          const std::function<void(const std::string&)>& usage) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto setter = setters.find(arg);
    if (setter == setters.end()) usage("unknown argument " + arg);
    if (i + 1 >= argc) usage(arg + " needs a value");
    try {
      setter->second(argv[++i]);
    } catch (const std::logic_error&) {
      usage("bad value for " + arg);
    }
  }
}

}  // namespace cambio::bench
