// The fake exchange itself: its HTTP controls (what a person or a deploy script uses) and the
// fake-exchange program's command line, output and signals.

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include <httplib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "cambio/fakes/fake_exchange.hpp"
#include "cambio/testing/infra.hpp"

using namespace std::chrono_literals;
using cambio::fakes::fake_exchange;
using cambio::testing::eventually;

extern char** environ;

namespace {

std::string ticker_path(const char* symbol = "BTCUSDT") {
  return std::string("/api/v3/ticker/price?symbol=") + symbol;
}

// fake-exchange as a child process, its stdout on a pipe.
class fake_process {
 public:
  explicit fake_process(std::vector<std::string> args) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const auto program = cambio::testing::bin_dir() + "/fake-exchange";
    args.insert(args.begin(), program);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int spawned =
        posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    REQUIRE(spawned == 0);
    stdout_ = ::fdopen(out[0], "r");
  }
  ~fake_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ != nullptr) ::fclose(stdout_);
  }

  std::string line() {
    char buffer[512];
    if (std::fgets(buffer, sizeof buffer, stdout_) == nullptr) return "";
    std::string text = buffer;
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  // The exit status after `signal`, or -1 if it does not exit within 3 s.
  int stop_with(int signal) {
    ::kill(pid_, signal);
    int status = 0;
    const bool exited = eventually([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, 3s);
    if (!exited) return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  int wait_exit() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  std::FILE* stdout_ = nullptr;
};

}  // namespace

TEST_CASE("the REST ticker speaks Binance's format and knows only its symbol") {
  fake_exchange fake({.price = 43250.12});
  fake.start();
  httplib::Client http(fake.rest_url());
  const auto ok = http.Get(ticker_path().c_str());
  REQUIRE(ok);
  CHECK(ok->status == 200);
  const auto body = nlohmann::json::parse(ok->body);
  CHECK(body["symbol"] == "BTCUSDT");
  CHECK(body["price"] == "43250.12000000");
  CHECK(ok->body.find(R"({"symbol":)") == 0);  // Binance's key order

  const auto other = http.Get(ticker_path("ETHUSDT").c_str());
  REQUIRE(other);
  CHECK(other->status == 400);
  CHECK(other->body == R"({"code":-1121,"msg":"Invalid symbol."})");
}

TEST_CASE("HTTP controls set the price and plan REST failures") {
  fake_exchange fake;
  fake.start();
  httplib::Client http(fake.rest_url());
  REQUIRE(http.Post("/control/price?value=50000")->status == 200);
  CHECK(nlohmann::json::parse(http.Get(ticker_path().c_str())->body)["price"] == "50000.00000000");
  CHECK(fake.price() == 50000);

  REQUIRE(http.Post("/control/rest?fault=rate_limited&times=1&retry_after=7")->status == 200);
  const auto limited = http.Get(ticker_path().c_str());
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "7");
  CHECK(http.Get(ticker_path().c_str())->status == 200);  // times=1: once only

  REQUIRE(http.Post("/control/rest?fault=server_error")->status == 200);
  CHECK(http.Get(ticker_path().c_str())->status == 500);
  CHECK(http.Get(ticker_path().c_str())->status == 500);  // until told otherwise
  REQUIRE(http.Post("/control/rest?fault=none")->status == 200);
  CHECK(http.Get(ticker_path().c_str())->status == 200);

  const auto state = nlohmann::json::parse(http.Get("/control/state")->body);
  CHECK(state["rest_requests"] == 6);
  CHECK(state["open_streams"] == 0);
}

TEST_CASE("bad controls are refused") {
  fake_exchange fake;
  fake.start();
  httplib::Client http(fake.rest_url());
  CHECK(http.Post("/control/price?value=-1")->status == 400);
  CHECK(http.Post("/control/price")->status == 400);
  CHECK(http.Post("/control/rest?fault=flaky")->status == 400);
  CHECK(http.Post("/control/teleport")->status == 404);
  CHECK(http.Get("/control/stall")->status == 400);  // controls change state: POST only
  CHECK(http.Get("/api/v3/klines")->status == 404);
}

TEST_CASE("fake-exchange prints the feed's settings, serves, and stops on SIGTERM") {
  fake_process fake({"--port", "0", "--price", "12345", "--interval-ms", "100"});
  const auto rest_line = fake.line();
  const auto ws_line = fake.line();
  REQUIRE(rest_line.rfind("CAMBIO_BTC_REST_URL=http://127.0.0.1:", 0) == 0);
  CHECK(ws_line.rfind("CAMBIO_BTC_WS_URL=ws://127.0.0.1:", 0) == 0);
  CHECK(ws_line.find("/ws/btcusdt@trade") != std::string::npos);

  httplib::Client http(rest_line.substr(rest_line.find('=') + 1));
  const auto ticker = http.Get(ticker_path().c_str());
  REQUIRE(ticker);
  const auto price = std::stod(nlohmann::json::parse(ticker->body)["price"].get<std::string>());
  CHECK(price == Approx(12345).epsilon(0.01));

  CHECK(fake.stop_with(SIGTERM) == 0);
}

TEST_CASE("fake-exchange stops on SIGINT too, and refuses a bad command line") {
  fake_process running({"--port", "0"});
  REQUIRE(running.line().rfind("CAMBIO_BTC_REST_URL=", 0) == 0);
  CHECK(running.stop_with(SIGINT) == 0);

  fake_process no_port({"--price", "1"});
  CHECK(no_port.wait_exit() == 2);
  fake_process bad_price({"--port", "0", "--price", "cheap"});
  CHECK(bad_price.wait_exit() == 2);
}
