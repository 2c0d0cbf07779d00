// A test.echo server in a process of its own, for what needs a real process: it aborts on
// {"text":"crash"} (the consumer a poison message keeps killing) and stops gracefully on SIGTERM.
// Usage: rmqrpc_test_server <amqp-url> [marker-dir]: with a marker dir, each handler creates the
// file <marker-dir>/<text> when it starts, so that a test can see which calls are executing.
#include <csignal>
#include <fstream>
#include <iostream>

#include "echo_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: rmqrpc_test_server <amqp-url> [marker-dir]\n";
    return 2;
  }
  const std::string marker_dir = argc == 3 ? argv[2] : "";
  cambio::metrics::registry metrics;
  rmqrpc::client client(
      {cambio::testing::fast_reconnect(argv[1], "test-server"), std::chrono::seconds(5)}, metrics);
  rmqrpc::server_settings settings;
  settings.connection = cambio::testing::fast_reconnect(argv[1], "test-server");
  settings.workers = 4;
  rmqrpc::server server(settings, client, metrics, &cambio::contracts::schema_catalog::embedded());
  server.handle("test.echo", [&](const rmqrpc::request& r) {
    if (r.params()["text"] == "crash") std::abort();
    if (!marker_dir.empty())
      std::ofstream(marker_dir + "/" + r.params()["text"].get<std::string>());
    return cambio::testing::echo(r);
  });
  server.start();
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  server.stop();
  return 0;
}
