#pragma once
// Settings of a process: CAMBIO_* environment variables, optionally preceded by a file of KEY=VALUE
// lines named by CAMBIO_CONFIG_FILE (the environment wins). Only a service's wiring reads a config;
// libraries take plain settings structs.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cambio {

// A missing or invalid setting. The message names the setting and says what is expected.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class config {
 public:
  explicit config(const std::map<std::string, std::string>& values)
      : values_(values.begin(), values.end()) {}

  // The process environment (CAMBIO_* only), over CAMBIO_CONFIG_FILE's entries if it is set.
  static config from_environment();
  // Parses KEY=VALUE lines; blank lines and lines starting with '#' are skipped.
  static std::map<std::string, std::string> parse_file(const std::string& path);

  std::optional<std::string> find(std::string_view key) const;
  std::string required(std::string_view key) const;
  std::string get(std::string_view key, std::string_view fallback) const;
  std::int64_t get_int(std::string_view key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) const;
  std::uint16_t get_port(std::string_view key, std::uint16_t fallback) const;
  std::chrono::milliseconds get_ms(std::string_view key, std::chrono::milliseconds fallback) const;
  // One of `allowed`, e.g. get_choice("CAMBIO_LOG_FORMAT", "text", {"text", "json"}).
  std::string get_choice(std::string_view key, std::string_view fallback,
                         std::initializer_list<std::string_view> allowed) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace cambio
