// DESIGN.md "The wire", guarantees 3 (poison messages) and 5 (reconnect): the broker is stopped,
// killed and restarted during traffic; a message kills its consumer process again and again.
#include <catch2/catch.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
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
  private_broker() : dir_(cambio::testing::bin_dir() + "/../test-fault-rabbit") {
    infra("start-rabbit", " " + std::to_string(k_port));
  }
  ~private_broker() { infra("stop-rabbit", ""); }
  std::string url() const {
    return "amqp://guest:guest@127.0.0.1:" + std::to_string(k_port) + "/%2f";
  }
  void ctl(const std::string& args) const {
    run(dir_ + "/rabbitmq/rabbitmqctl " + args + " >/dev/null 2>&1");
  }
  void kill9() const { infra("kill-rabbit", ""); }
  void start() const { infra("start-rabbit", " " + std::to_string(k_port)); }

 private:
  static constexpr int k_port = 5792;
  void infra(const std::string& verb, const std::string& args) const {
    run("bash " + cambio::testing::source_root() + "/tests/infra/infra.sh " + verb + " " + dir_ +
        args + " >/dev/null");
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
      calls.push_back(
          {outcome,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count()});
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
  return at == std::string::npos
             ? ""
             : text.substr(at + line_start.size(), text.find('\n', at) - at - line_start.size());
}

// Runs echo traffic on a private broker, lets `outage` interrupt it, waits until calls succeed
// again and checks every call ended in time and as expected.
template <typename Outage>
void survive(Outage&& outage) {
  private_broker broker;
  echo_fixture f(broker.url());
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  traffic t(f.client);
  std::this_thread::sleep_for(1s);  // traffic before the outage
  const auto before = f.server.connection_number();
  CHECK(before != 0);
  outage(broker);
  REQUIRE(serving(f.client));
  REQUIRE(f.server.wait_connected(10s));
  // A new connection: whatever a broadcast subscription fed before the outage is not to be trusted.
  CHECK(f.server.connection_number() != 0);
  CHECK(f.server.connection_number() != before);
  std::this_thread::sleep_for(500ms);  // traffic after it
  t.stop();
  check_outage(t.calls);
  CHECK(metric(f.server_metrics, "rmqrpc_reconnects_total{link=\"server\"} ") != "0");
  CHECK(metric(f.client_metrics, "rmqrpc_reconnects_total{link=\"client\"} ") != "0");
  CHECK(metric(f.server_metrics, "rmqrpc_connected{link=\"server\"} ") == "1");
}

}  // namespace

TEST_CASE("the broker stopped and started during traffic: calls fail in time, then recover") {
  survive([](const private_broker& broker) {
    broker.ctl("stop_app");
    std::this_thread::sleep_for(2s);
    broker.ctl("start_app");
  });
}

TEST_CASE(
    "the broker killed with -9 and restarted during traffic: the service recovers by itself") {
  survive([](const private_broker& broker) {
    broker.kill9();
    std::this_thread::sleep_for(1s);
    broker.start();
  });
}

namespace {

// rmqrpc_test_server in a child process; killed and reaped at scope exit whatever happens.
class test_server_process {
 public:
  explicit test_server_process(const std::string& url, const std::string& marker_dir = {}) {
    const std::string bin = cambio::testing::bin_dir() + "/../tests/rmqrpc_test_server";
    std::string arg = url;
    std::string markers = marker_dir;
    char* argv[] = {const_cast<char*>(bin.c_str()), arg.data(),
                    markers.empty() ? nullptr : markers.data(), nullptr};
    if (posix_spawn(&pid_, bin.c_str(), nullptr, nullptr, argv, environ) != 0) {
      throw std::runtime_error("cannot start " + bin);
    }
  }
  ~test_server_process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  test_server_process(const test_server_process&) = delete;
  test_server_process& operator=(const test_server_process&) = delete;

  void signal(int sig) const { kill(pid_, sig); }
  // The wait status once the process has exited within `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    int status = 0;
    if (!cambio::testing::eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; },
                                     timeout)) {
      return std::nullopt;
    }
    pid_ = 0;
    return status;
  }

 private:
  pid_t pid_ = 0;
};

}  // namespace

TEST_CASE("SIGTERM with calls in flight: they complete, then the process exits") {
  cambio::testing::scoped_vhost vhost;
  echo_fixture caller(vhost.amqp_url());
  const auto markers = std::filesystem::temp_directory_path() / vhost.name();
  std::filesystem::create_directories(markers);
  test_server_process server(vhost.amqp_url(), markers.string());
  REQUIRE(cambio::testing::eventually([&] {
    try {
      return caller.client.call("test.echo", {{"text", "up"}}, {.timeout = 300ms})["text"] == "up";
    } catch (const rmqrpc::error&) {
      return false;
    }
  }));
  std::vector<std::future<nlohmann::json>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(caller.client.call_async(
        "test.echo", {{"text", "c" + std::to_string(i)}, {"sleep_ms", 1500}}, {.timeout = 10s}));
  }
  // All three handlers are running when the signal comes.
  REQUIRE(cambio::testing::eventually([&] {
    return std::filesystem::exists(markers / "c0") && std::filesystem::exists(markers / "c1") &&
           std::filesystem::exists(markers / "c2");
  }));
  server.signal(SIGTERM);
  for (int i = 0; i < 3; ++i) CHECK(calls[i].get()["text"] == "c" + std::to_string(i));
  const auto status = server.wait_exit(10s);
  REQUIRE(status);
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  std::filesystem::remove_all(markers);
}

TEST_CASE("a message that keeps killing its consumer ends in the dead-letter queue, not a loop") {
  cambio::testing::scoped_vhost vhost;
  cambio::testing::raw_amqp raw(vhost.amqp_url());
  raw.declare_queue("test.echo", "classic");
  raw.publish("test.echo", R"({"text":"crash"})");

  // Each server takes the message and dies of it, until one dead-letters it instead.
  int crashes = 0;
  auto server = std::make_unique<test_server_process>(vhost.amqp_url());
  for (; crashes < 10; ++crashes) {
    const auto status = server->wait_exit(8s);
    if (!status) break;  // still alive: it did not die of the message
    CHECK(WIFSIGNALED(*status));
    server = std::make_unique<test_server_process>(vhost.amqp_url());
  }
  std::optional<cambio::testing::raw_amqp::message> dead;
  CHECK(cambio::testing::eventually([&] { return (dead = raw.get("test.echo.dlq")).has_value(); }));
  server.reset();
  // Never dead-lettered before delivery_limit (3) crashes, and never a loop. An ack written just
  // before the crash can die with the process's socket (a reset discards unsent data), which lets
  // one more copy go round: hence a bound rather than an exact count.
  CHECK(crashes >= 3);
  CHECK(crashes <= 6);
  REQUIRE(dead);
  CHECK(dead->headers["x-cambio-dead-reason"] == "delivery_limit");
  CHECK(dead->body == R"({"text":"crash"})");
}
