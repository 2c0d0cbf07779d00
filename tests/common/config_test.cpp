#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "cambio/config.hpp"

namespace {

// A file in the temporary directory, removed at scope exit.
class temp_file {
 public:
  explicit temp_file(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("cambio_config_test_" + std::to_string(::getpid()) + ".env")) {
    std::ofstream(path_) << text;
  }
  ~temp_file() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Sets an environment variable for the scope's lifetime.
class scoped_env {
 public:
  scoped_env(const char* key, const std::string& value) : key_(key) {
    ::setenv(key, value.c_str(), 1);
  }
  ~scoped_env() { ::unsetenv(key_); }

 private:
  const char* key_;
};

using values = std::map<std::string, std::string>;

cambio::config with(const std::string& key, const std::string& value) {
  return cambio::config(values{{key, value}});
}

}  // namespace

TEST_CASE("a config file holds KEY=VALUE lines, comments and blank lines") {
  temp_file file("# a comment\n\nCAMBIO_A = one\n  CAMBIO_B=two=2  \n");
  const auto values = cambio::config::parse_file(file.path());
  CHECK(values.size() == 2);
  CHECK(values.at("CAMBIO_A") == "one");
  CHECK(values.at("CAMBIO_B") == "two=2");
}

TEST_CASE("a config file line without '=' is an error naming the line") {
  temp_file file("CAMBIO_A=1\nnonsense\n");
  CHECK_THROWS_WITH(cambio::config::parse_file(file.path()), Catch::Contains(":2:"));
}

TEST_CASE("a missing config file is an error naming it") {
  CHECK_THROWS_AS(cambio::config::parse_file("/nonexistent/cambio.env"), cambio::config_error);
}

TEST_CASE("the environment wins over the config file") {
  temp_file file("CAMBIO_TEST_FROM_FILE=file\nCAMBIO_TEST_BOTH=file\n");
  scoped_env config_file("CAMBIO_CONFIG_FILE", file.path());
  scoped_env both("CAMBIO_TEST_BOTH", "env");
  scoped_env other("OTHER_TEST_VALUE", "ignored");

  const auto cfg = cambio::config::from_environment();
  CHECK(cfg.get("CAMBIO_TEST_FROM_FILE", "") == "file");
  CHECK(cfg.get("CAMBIO_TEST_BOTH", "") == "env");
  CHECK_FALSE(cfg.find("OTHER_TEST_VALUE"));
}

TEST_CASE("a missing required setting is an error naming it") {
  CHECK_THROWS_WITH(cambio::config(values{}).required("CAMBIO_AMQP_URL"),
                    Catch::Contains("CAMBIO_AMQP_URL"));
  CHECK_THROWS_AS(with("CAMBIO_AMQP_URL", "").required("CAMBIO_AMQP_URL"), cambio::config_error);
}

TEST_CASE("integers: fallback, value, and errors naming the key") {
  CHECK(cambio::config(values{}).get_int("CAMBIO_N", 7, 0, 10) == 7);
  CHECK(with("CAMBIO_N", "10").get_int("CAMBIO_N", 7, 0, 10) == 10);
  CHECK_THROWS_WITH(with("CAMBIO_N", "12abc").get_int("CAMBIO_N", 7, 0, 10),
                    Catch::Contains("CAMBIO_N") && Catch::Contains("not an integer"));
  CHECK_THROWS_WITH(with("CAMBIO_N", "11").get_int("CAMBIO_N", 7, 0, 10),
                    Catch::Contains("CAMBIO_N") && Catch::Contains("out of range"));
  CHECK_THROWS_AS(with("CAMBIO_PORT", "65536").get_port("CAMBIO_PORT", 80), cambio::config_error);
  CHECK(with("CAMBIO_MS", "250").get_ms("CAMBIO_MS", std::chrono::seconds(1)) ==
        std::chrono::milliseconds(250));
}

TEST_CASE("choices: fallback, an allowed value, and an error listing the allowed ones") {
  CHECK(cambio::config(values{}).get_choice("CAMBIO_LOG_FORMAT", "text", {"text", "json"}) ==
        "text");
  CHECK(
      with("CAMBIO_LOG_FORMAT", "json").get_choice("CAMBIO_LOG_FORMAT", "text", {"text", "json"}) ==
      "json");
  CHECK_THROWS_WITH(
      with("CAMBIO_LOG_FORMAT", "xml").get_choice("CAMBIO_LOG_FORMAT", "text", {"text", "json"}),
      Catch::Contains("CAMBIO_LOG_FORMAT") && Catch::Contains("text, json"));
}
