// DESIGN.md "The wire", guarantees 3 (poison messages) and 5 (reconnect): the broker is stopped,
// killed and restarted during traffic; a message kills its consumer process again and again.
#include <catch2/catch.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <fstream>

#include "cambio/testing/raw_amqp.hpp"
#include "echo_fixture.hpp"

using namespace std::chrono_literals;
using cambio::testing::echo_fixture;
using rmqrpc::errc;

extern char** environ;

namespace {

// A broker of its own (tests/infra/infra.sh start-rabbit), so that restarting it disturbs no one.
class private_broker {
 public:
  private_broker() : dir_(std::string(std::getenv("CAMBIO_BIN")) + "/../test-fault-rabbit") {
    infra("start-rabbit", " " + std::to_string(k_port));
  }
  ~private_broker() { infra("stop-rabbit", ""); }
  std::string url() const { return "amqp://guest:guest@127.0.0.1:" + std::to_string(k_port) + "/%2f"; }
  void ctl(const std::string& args) const {
    run(dir_ + "/rabbitmq/rabbitmqctl " + args + " >/dev/null 2>&1");
  }
  void kill9() const { infra("kill-rabbit", ""); }
  void start() const { infra("start-rabbit", " " + std::to_string(k_port)); }

 private:
  static constexpr int k_port = 5792;
  void infra(const std::string& verb, const std::string& args) const {
    run("bash " + cambio::testing::source_root() + "/tests/infra/infra.sh " + verb + " " + dir_ + args +
        " >/dev/null");
  }
  static void run(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }
  std::string dir_;
};

// Calls test.echo in a loop on a thread and records how each call ended and how long it took.
class traffic {
 public:
  explicit traffic(rmqrpc::client& c) : client_(c), thread_([this] { run(); }) {}
  ~traffic() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  struct call {
    std::string outcome;
    double seconds;
  };
  std::vector<call> calls;
  static constexpr auto k_timeout = 1000ms;

 private:
  void run() {
    while (!stop_) {
      const auto began = std::chrono::steady_clock::now();
      std::string outcome = "ok";
      try {
        client_.call("test.echo", {{"text", "t"}}, {.timeout = k_timeout});
      } catch (const rmqrpc::error& e) {
        outcome = std::string(rmqrpc::to_string(e.code()));
        std::this_thread::sleep_for(20ms);
      }
      calls.push_back({outcome, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count()});
    }
  }
  rmqrpc::client& client_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

bool serving(rmqrpc::client& c) {
  return cambio::testing::eventually(
      [&] {
        try {
          return c.call("test.echo", {{"text", "back"}}, {.timeout = 500ms})["text"] == "back";
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      45s);
}

void check_outage(const std::vector<traffic::call>& calls) {
  int failures = 0;
  for (const auto& c : calls) {
    INFO("outcome " << c.outcome << " after " << c.seconds << " s");
    CHECK((c.outcome == "ok" || c.outcome == "unavailable" || c.outcome == "deadline_exceeded"));
    CHECK(c.seconds < std::chrono::duration<double>(traffic::k_timeout).count() + 0.3);
    failures += c.outcome != "ok";
  }
  CHECK(failures > 0);  // the outage was seen
  CHECK(calls.back().outcome == "ok");
}

std::string metric(cambio::metrics::registry& r, const std::string& line_start) {
  const auto text = r.render();
  const auto at = text.find(line_start);
  return at == std::string::npos ? "" : text.substr(at + line_start.size(), text.find('\n', at) - at - line_start.size());
}

}  // namespace

TEST_CASE("the broker stopped and started during traffic: calls fail in time, then recover") {
  private_broker broker;
  echo_fixture f(broker.url());
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  traffic t(f.client);
  std::this_thread::sleep_for(1s);
  broker.ctl("stop_app");
  std::this_thread::sleep_for(2s);
  broker.ctl("start_app");
  REQUIRE(serving(f.client));
  std::this_thread::sleep_for(500ms);
  t.stop();
  check_outage(t.calls);
  CHECK(metric(f.server_metrics, "rmqrpc_reconnects_total{link=\"server\"} ") != "0");
  CHECK(metric(f.client_metrics, "rmqrpc_reconnects_total{link=\"client\"} ") != "0");
}

TEST_CASE("the broker killed with -9 and restarted during traffic: the service recovers by itself") {
  private_broker broker;
  echo_fixture f(broker.url());
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  traffic t(f.client);
  std::this_thread::sleep_for(1s);
  broker.kill9();
  std::this_thread::sleep_for(1s);
  broker.start();
  REQUIRE(serving(f.client));
  std::this_thread::sleep_for(500ms);
  t.stop();
  check_outage(t.calls);
  CHECK(metric(f.server_metrics, "rmqrpc_connected{link=\"server\"} ") == "1");
}

TEST_CASE("a message that keeps killing its consumer ends in the dead-letter queue, not a loop") {
  cambio::testing::scoped_vhost vhost;
  const std::string server_bin = std::string(std::getenv("CAMBIO_BIN")) + "/../tests/rmqrpc_crash_server";
  const auto spawn_server = [&] {
    pid_t pid = 0;
    std::string url = vhost.amqp_url();
    char* argv[] = {const_cast<char*>(server_bin.c_str()), url.data(), nullptr};
    REQUIRE(posix_spawn(&pid, server_bin.c_str(), nullptr, nullptr, argv, environ) == 0);
    return pid;
  };
  cambio::testing::raw_amqp raw(vhost.amqp_url());
  raw.declare_quorum_queue("test.echo");
  raw.publish("test.echo", R"({"text":"crash"})");

  int crashes = 0;
  pid_t pid = spawn_server();
  for (; crashes < 10; ++crashes) {
    // Each server takes the message and dies of it, until one dead-letters it instead.
    int status = 0;
    const bool died = cambio::testing::eventually([&] { return waitpid(pid, &status, WNOHANG) == pid; }, 15s);
    if (!died) break;
    CHECK(WIFSIGNALED(status));
    pid = spawn_server();
  }
  std::optional<cambio::testing::raw_amqp::message> dead;
  CHECK(cambio::testing::eventually([&] { return (dead = raw.get("test.echo.dlq")).has_value(); }));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(crashes == 3);  // server_settings::delivery_limit
  REQUIRE(dead);
  CHECK(dead->headers["x-cambio-dead-reason"] == "delivery_limit");
  CHECK(dead->body == R"({"text":"crash"})");
}
