#include <catch2/catch.hpp>

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <nlohmann/json.hpp>

#include "cambio/log.hpp"

namespace {

// A module logger whose lines go to a string instead of stderr; dropped at scope exit.
class captured_logger {
 public:
  explicit captured_logger(const std::string& module) : logger_(cambio::log::get(module)) {
    logger_->sinks().clear();
    logger_->sinks().push_back(std::make_shared<spdlog::sinks::ostream_sink_st>(out_));
  }
  ~captured_logger() { spdlog::drop(logger_->name()); }

  spdlog::logger& operator*() { return *logger_; }
  spdlog::logger* operator->() { return logger_.get(); }
  std::vector<std::string> lines() {
    logger_->flush();
    std::vector<std::string> out;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace

TEST_CASE("json format: one JSON object per line, carrying the request id") {
  captured_logger logger("log_test_json");
  cambio::log::init("test-service", cambio::log::format::json, spdlog::level::info);
  {
    cambio::log::request_scope scope("req-42");
    logger->info("converted {} to \"{}\"\nnext line", 10, "USD");
  }
  logger->warn("no request here");
  logger->debug("below the level");

  const auto lines = logger.lines();
  REQUIRE(lines.size() == 2);
  const auto first = nlohmann::json::parse(lines[0]);
  CHECK(first.at("request_id") == "req-42");
  CHECK(first.at("msg") == "converted 10 to \"USD\"\nnext line");
  CHECK(first.at("service") == "test-service");
  CHECK(first.at("logger") == "log_test_json");
  CHECK(first.at("level") == "info");
  CHECK(first.at("ts_ms").is_number_integer());
  const auto second = nlohmann::json::parse(lines[1]);
  CHECK(second.at("request_id") == "");
  CHECK(second.at("level") == "warning");
}

TEST_CASE("text format: the line carries the logger name and the request id") {
  captured_logger logger("log_test_text");
  cambio::log::init("test-service", cambio::log::format::text, spdlog::level::debug);
  {
    cambio::log::request_scope scope("req-7");
    logger->debug("inside");
  }
  logger->info("outside");

  const auto lines = logger.lines();
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[0], Catch::Contains("[log_test_text]") && Catch::Contains("[req-7]") &&
                           Catch::EndsWith("inside"));
  CHECK_THAT(lines[1], Catch::Contains("[-]") && Catch::EndsWith("outside"));
}

TEST_CASE("a request scope restores the previous request id") {
  cambio::log::request_scope outer("outer");
  {
    cambio::log::request_scope inner("inner");
    CHECK(cambio::log::current_request_id() == "inner");
  }
  CHECK(cambio::log::current_request_id() == "outer");
}
