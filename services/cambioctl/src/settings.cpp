#include "cambioctl/settings.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "cambio/log.hpp"

extern char** environ;

namespace cambio::cambioctl {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_stack_env = "var/stack.env";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

bool valid_key(std::string_view key) {
  if (key.empty() || (key.front() >= '0' && key.front() <= '9')) return false;
  for (const char c : key) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

void apply(settings& s, const std::map<std::string, std::string>& values) {
  const auto set = [&](const char* key, std::string& field) {
    if (const auto it = values.find(key); it != values.end() && !it->second.empty()) {
      field = it->second;
    }
  };
  set("CAMBIO_AMQP_URL", s.amqp_url);
  set("CAMBIO_MGMT_URL", s.mgmt_url);
  set("CAMBIO_LOG_LEVEL", s.log_level);
}

}  // namespace

std::map<std::string, std::string> parse_stack_env(std::string_view text) {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(text)};
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    const auto where = "stack.env line " + std::to_string(number);
    if (eq == std::string_view::npos) throw settings_error(where + ": expected KEY=VALUE");
    const auto key = trim(line.substr(0, eq));
    if (!valid_key(key)) {
      throw settings_error(where + ": '" + std::string(key) + "' is not a variable name");
    }
    auto value = trim(line.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      if (value.size() < 2 || value.back() != value.front()) {
        throw settings_error(where + ": unterminated quote");
      }
      value = value.substr(1, value.size() - 2);
    }
    out[std::string(key)] = std::string(value);
  }
  return out;
}

std::optional<fs::path> find_stack_env(const fs::path& cwd, const char* explicit_path) {
  if (explicit_path != nullptr && *explicit_path != '\0') {
    const fs::path path(explicit_path);
    if (!fs::exists(path)) {
      throw settings_error("CAMBIO_STACK_ENV names '" + path.string() + "', which does not exist");
    }
    return path;
  }
  for (auto dir = cwd;; dir = dir.parent_path()) {
    const auto candidate = dir / k_stack_env;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path() || dir.empty()) return std::nullopt;
  }
}

settings make_settings(const std::map<std::string, std::string>& file,
                       const std::map<std::string, std::string>& environment) {
  settings s;
  apply(s, file);
  apply(s, environment);
  static const std::set<std::string> levels{"trace", "debug", "info",     "warn", "warning",
                                            "error", "err",   "critical", "off"};
  if (!levels.contains(s.log_level)) {
    throw settings_error("CAMBIO_LOG_LEVEL='" + s.log_level +
                         "' is not one of trace, debug, info, warn, error, critical, off");
  }
  return s;
}

std::map<std::string, std::string> cambio_environment() {
  std::map<std::string, std::string> out;
  for (char** env = environ; *env != nullptr; ++env) {
    const std::string_view entry(*env);
    if (!entry.starts_with("CAMBIO_")) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  return out;
}

settings load_settings() {
  const auto path = find_stack_env(fs::current_path(), std::getenv("CAMBIO_STACK_ENV"));
  std::map<std::string, std::string> file;
  if (path) {
    std::ifstream in(*path);
    if (!in) throw settings_error("cannot read " + path->string());
    std::ostringstream text;
    text << in.rdbuf();
    try {
      file = parse_stack_env(text.str());
    } catch (const settings_error& e) {
      throw settings_error(path->string() + ": " + e.what());
    }
  }
  auto s = make_settings(file, cambio_environment());
  s.stack_env = path ? path->string() : std::string();
  cambio::log::get("cambioctl")
      ->debug("settings from {}", s.stack_env.empty() ? "the environment" : s.stack_env);
  return s;
}

}  // namespace cambio::cambioctl
