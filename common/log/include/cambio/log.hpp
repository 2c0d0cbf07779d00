#pragma once
// Logging: one named spdlog logger per module, every line carrying the request id of the user
// action being served (or "-"), as text or as one JSON object per line (CAMBIO_LOG_FORMAT=json).
//
//   static const auto log = cambio::log::get("migrations");
//   log->info("applied {} of {}", n, total);

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace cambio::log {

enum class format { text, json };

// Sets format and level for every logger, existing and future. `service` names the process.
void init(std::string_view service, format fmt, spdlog::level::level_enum level);

// The logger of one module, created on first use.
std::shared_ptr<spdlog::logger> get(const std::string& module);

// The request id of the current thread ("" when none).
const std::string& current_request_id();

// Sets the current thread's request id for its lifetime and restores the previous one after.
class request_scope {
 public:
  explicit request_scope(std::string request_id);
  ~request_scope();
  request_scope(const request_scope&) = delete;
  request_scope& operator=(const request_scope&) = delete;

 private:
  std::string previous_;
};

}  // namespace cambio::log
