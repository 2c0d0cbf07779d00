#include "cambio/log.hpp"

#include <chrono>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <nlohmann/json.hpp>

namespace cambio::log {
namespace {

thread_local std::string tls_request_id;

struct state {
  std::mutex mutex;
  std::string service = "cambio";
  format fmt = format::text;
  spdlog::level::level_enum level = spdlog::level::info;
};

state& global() {
  static state s;
  return s;
}

// %Q in a pattern: the current thread's request id, "-" when there is none.
class request_id_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const auto& id = tls_request_id.empty() ? std::string("-") : tls_request_id;
    dest.append(id.data(), id.data() + id.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<request_id_flag>();
  }
};

// One JSON object per line: ts, level, service, logger, request_id, msg.
class json_formatter final : public spdlog::formatter {
 public:
  explicit json_formatter(std::string service) : service_(std::move(service)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    nlohmann::json line{
        {"ts_ms", ms},
        {"level", spdlog::level::to_string_view(msg.level).data()},
        {"service", service_},
        {"logger", std::string(msg.logger_name.data(), msg.logger_name.size())},
        {"request_id", tls_request_id},
        {"msg", std::string(msg.payload.data(), msg.payload.size())},
    };
    const auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<json_formatter>(service_);
  }

 private:
  std::string service_;
};

std::unique_ptr<spdlog::formatter> make_formatter(const state& s) {
  if (s.fmt == format::json) return std::make_unique<json_formatter>(s.service);
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<request_id_flag>('Q').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] [%Q] %v");
  return f;
}

void configure(spdlog::logger& logger, const state& s) {
  logger.set_formatter(make_formatter(s));
  logger.set_level(s.level);
}

}  // namespace

void init(std::string_view service, format fmt, spdlog::level::level_enum level) {
  auto& s = global();
  std::lock_guard lock(s.mutex);
  s.service = service;
  s.fmt = fmt;
  s.level = level;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { configure(*l, s); });
}

std::shared_ptr<spdlog::logger> get(const std::string& module) {
  auto& s = global();
  std::lock_guard lock(s.mutex);
  if (auto existing = spdlog::get(module)) return existing;
  auto logger = spdlog::stderr_color_mt(module);
  configure(*logger, s);
  return logger;
}

const std::string& current_request_id() { return tls_request_id; }

request_scope::request_scope(std::string request_id)
    : previous_(std::exchange(tls_request_id, std::move(request_id))) {}

request_scope::~request_scope() { tls_request_id = std::move(previous_); }

}  // namespace cambio::log
