#include "cambioctl/arguments.hpp"

#include <charconv>

namespace cambio::cambioctl {

arguments parse_arguments(const std::vector<std::string>& args, const argument_spec& spec) {
  arguments out;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (options_done || arg.size() < 2 || arg.front() != '-') {
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      out.flags.insert("--help");
      continue;
    }
    const auto eq = arg.find('=');
    const auto name = arg.substr(0, eq);
    if (spec.options.contains(name)) {
      if (eq != std::string::npos) {
        out.options[name] = arg.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        out.options[name] = args[++i];
      } else {
        throw usage_error(name + " needs a value");
      }
    } else if (spec.flags.contains(name) && eq == std::string::npos) {
      out.flags.insert(name);
    } else if (spec.flags.contains(name)) {
      throw usage_error(name + " takes no value");
    } else {
      throw usage_error("unknown option " + name);
    }
  }
  return out;
}

std::optional<std::string> arguments::option(const std::string& name) const {
  const auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::int64_t arguments::integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) const {
  const auto text = option(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    throw usage_error(name + " expects an integer, not '" + *text + "'");
  }
  if (value < min || value > max) {
    throw usage_error(name + " must be between " + std::to_string(min) + " and " +
                      std::to_string(max) + ", not " + *text);
  }
  return value;
}

}  // namespace cambio::cambioctl
