#include "cambio/config.hpp"

#include <charconv>
#include <fstream>

extern char** environ;

namespace cambio {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

std::map<std::string, std::string> config::parse_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw config_error("CAMBIO_CONFIG_FILE: cannot read '" + path + "'");
  std::map<std::string, std::string> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw config_error("CAMBIO_CONFIG_FILE: " + path + ":" + std::to_string(number) +
                         ": expected KEY=VALUE");
    }
    out[trim(text.substr(0, eq))] = trim(text.substr(eq + 1));
  }
  return out;
}

config config::from_environment() {
  std::map<std::string, std::string> values;
  if (const char* file = std::getenv("CAMBIO_CONFIG_FILE"); file != nullptr && *file != '\0') {
    values = parse_file(file);
  }
  for (char** env = environ; *env != nullptr; ++env) {
    std::string_view entry(*env);
    if (!entry.starts_with("CAMBIO_")) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    values[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  return config(std::move(values));
}

std::optional<std::string> config::find(std::string_view key) const {
  const auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string config::required(std::string_view key) const {
  if (auto value = find(key)) return *value;
  throw config_error(std::string(key) + " is not set (required)");
}

std::string config::get(std::string_view key, std::string_view fallback) const {
  return find(key).value_or(std::string(fallback));
}

std::int64_t config::get_int(std::string_view key, std::int64_t fallback, std::int64_t min,
                             std::int64_t max) const {
  const auto text = find(key);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    throw config_error(std::string(key) + "='" + *text + "' is not an integer");
  }
  if (value < min || value > max) {
    throw config_error(std::string(key) + "=" + *text + " is out of range [" + std::to_string(min) +
                       ", " + std::to_string(max) + "]");
  }
  return value;
}

std::uint16_t config::get_port(std::string_view key, std::uint16_t fallback) const {
  return static_cast<std::uint16_t>(get_int(key, fallback, 0, 65535));
}

std::chrono::milliseconds config::get_ms(std::string_view key,
                                         std::chrono::milliseconds fallback) const {
  return std::chrono::milliseconds(get_int(key, fallback.count(), 0, 86'400'000));
}

std::string config::get_choice(std::string_view key, std::string_view fallback,
                               std::initializer_list<std::string_view> allowed) const {
  auto value = get(key, fallback);
  for (auto a : allowed) {
    if (a == value) return value;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw config_error(std::string(key) + "='" + value + "' is not one of: " + list);
}

}  // namespace cambio
