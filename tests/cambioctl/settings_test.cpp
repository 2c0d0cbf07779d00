// Where cambioctl finds the stack: var/stack.env, the environment, and the URLs they hold.

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "cambioctl/settings.hpp"
#include "cambioctl/urls.hpp"

using namespace cambio::cambioctl;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp folder, removed afterwards.
struct temp_dir {
  fs::path path;
  temp_dir() {
    path = fs::temp_directory_path() /
           ("cambioctl-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  void write(const fs::path& relative, const std::string& text) const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << text;
  }
};

}  // namespace

TEST_CASE("stack.env: KEY=VALUE lines as a shell sources them") {
  const auto values = parse_stack_env(
      "# written by deploy/up.sh\n"
      "\n"
      "CAMBIO_AMQP_URL=amqp://u:p@127.0.0.1:5673/%2f\n"
      "export CAMBIO_MGMT_URL=\"http://u:p@127.0.0.1:15673\"\n"
      "  CAMBIO_X = 'a b'  \r\n"
      "CAMBIO_EMPTY=\n");
  CHECK(values.at("CAMBIO_AMQP_URL") == "amqp://u:p@127.0.0.1:5673/%2f");
  CHECK(values.at("CAMBIO_MGMT_URL") == "http://u:p@127.0.0.1:15673");
  CHECK(values.at("CAMBIO_X") == "a b");
  CHECK(values.at("CAMBIO_EMPTY").empty());
  CHECK(values.size() == 4);
}

TEST_CASE("stack.env: a malformed line is an error naming the line") {
  CHECK_THROWS_WITH(parse_stack_env("A=1\nnot a setting\n"),
                    "stack.env line 2: expected KEY=VALUE");
  CHECK_THROWS_WITH(parse_stack_env("A B=1\n"), "stack.env line 1: 'A B' is not a variable name");
  CHECK_THROWS_WITH(parse_stack_env("A=\"open\n"), "stack.env line 1: unterminated quote");
}

TEST_CASE("stack.env: CAMBIO_STACK_ENV first, then ./var/stack.env, then the nearest above") {
  temp_dir root;
  root.write("var/stack.env", "A=1\n");
  root.write("other.env", "A=2\n");
  fs::create_directories(root.path / "deep/er/still");

  CHECK(find_stack_env(root.path, nullptr) == root.path / "var/stack.env");
  CHECK(find_stack_env(root.path / "deep/er/still", nullptr) == root.path / "var/stack.env");
  CHECK(find_stack_env(root.path / "deep", (root.path / "other.env").c_str()) ==
        root.path / "other.env");
  CHECK(find_stack_env(root.path, "") == root.path / "var/stack.env");
  CHECK_THROWS_AS(find_stack_env(root.path, (root.path / "missing.env").c_str()), settings_error);

  temp_dir lonely;
  // Nothing in lonely/ or above it (the system temp folder has no var/stack.env).
  if (!fs::exists(fs::temp_directory_path() / "var/stack.env") &&
      !fs::exists(fs::path("/var/stack.env"))) {
    CHECK_FALSE(find_stack_env(lonely.path, nullptr).has_value());
  }
}

TEST_CASE("settings: defaults, then the file, then the environment") {
  const auto defaults = make_settings({}, {});
  CHECK(defaults.amqp_url == "amqp://guest:guest@127.0.0.1:5672/%2f");
  CHECK(defaults.mgmt_url == "http://guest:guest@127.0.0.1:15672");

  const auto s = make_settings(
      {{"CAMBIO_AMQP_URL", "amqp://file@h:1/v"}, {"CAMBIO_MGMT_URL", "http://file@h:2"}},
      {{"CAMBIO_AMQP_URL", "amqp://env@h:3/v"}, {"CAMBIO_MGMT_URL", ""}});
  CHECK(s.amqp_url == "amqp://env@h:3/v");
  CHECK(s.mgmt_url == "http://file@h:2");  // an empty variable does not override
  CHECK_THROWS_AS(make_settings({}, {{"CAMBIO_LOG_LEVEL", "loud"}}), settings_error);
}

TEST_CASE("AMQP URL: credentials, host, port and the decoded vhost") {
  const auto e = parse_amqp_url("amqp://user:p%40ss@broker.local:5673/%2f");
  CHECK(e.user == "user");
  CHECK(e.password == "p@ss");
  CHECK(e.host == "broker.local");
  CHECK(e.port == 5673);
  CHECK(e.vhost == "/");

  const auto named = parse_amqp_url("amqp://guest:guest@127.0.0.1:5672/t_1a2b");
  CHECK(named.vhost == "t_1a2b");
  const auto bare = parse_amqp_url("amqp://10.0.0.1");
  CHECK(bare.vhost == "/");
  CHECK(bare.port == 5672);
  CHECK(bare.user == "guest");
  CHECK(parse_amqp_url("amqp://u:p@h:1/").vhost == "/");
  CHECK(parse_amqp_url("amqp://u:p@[::1]:5672/v").host == "::1");

  CHECK_THROWS_AS(parse_amqp_url("http://h"), std::invalid_argument);
  CHECK_THROWS_AS(parse_amqp_url("amqp://h:notaport"), std::invalid_argument);
  CHECK_THROWS_AS(parse_amqp_url("amqp://:5672"), std::invalid_argument);
  CHECK_THROWS_AS(parse_amqp_url("broker:5672"), std::invalid_argument);
}

TEST_CASE("management URL: origin, credentials and an optional path prefix") {
  const auto e = parse_http_url("http://admin:secret@127.0.0.1:15672");
  CHECK(e.origin() == "http://127.0.0.1:15672");
  CHECK(e.user == "admin");
  CHECK(e.password == "secret");
  CHECK(e.base_path.empty());
  const auto prefixed = parse_http_url("https://mq.example/rabbit/");
  CHECK(prefixed.port == 443);
  CHECK(prefixed.base_path == "/rabbit");
  CHECK(parse_http_url("http://h").port == 80);
  CHECK_THROWS_AS(parse_http_url("amqp://h"), std::invalid_argument);
}

TEST_CASE("URL helpers: percent-encoding and redaction") {
  CHECK(percent_encode("/") == "%2F");
  CHECK(percent_encode("db.ping.dlq") == "db.ping.dlq");
  CHECK(percent_encode("a b/c") == "a%20b%2Fc");
  CHECK(percent_decode("%2f") == "/");
  CHECK(percent_decode("a%20b") == "a b");
  CHECK_THROWS_AS(percent_decode("%2"), std::invalid_argument);
  CHECK_THROWS_AS(percent_decode("%zz"), std::invalid_argument);
  CHECK(redacted("amqp://guest:secret@h:5672/%2f") == "amqp://guest:***@h:5672/%2f");
  CHECK(redacted("http://h:15672") == "http://h:15672");
  CHECK(redacted("amqp://onlyuser@h") == "amqp://onlyuser@h");
}
