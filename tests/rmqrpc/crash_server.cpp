// A test.echo server that aborts on {"text":"crash"}: the consumer a poison message keeps killing.
// Usage: rmqrpc_crash_server <amqp-url>. Serves until killed.
#include <csignal>
#include <iostream>

#include "echo_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: rmqrpc_crash_server <amqp-url>\n";
    return 2;
  }
  cambio::metrics::registry metrics;
  rmqrpc::client client({cambio::testing::fast_reconnect(argv[1], "crash-server"), std::chrono::seconds(5)},
                        metrics);
  rmqrpc::server_settings settings;
  settings.connection = cambio::testing::fast_reconnect(argv[1], "crash-server");
  settings.workers = 1;
  rmqrpc::server server(settings, client, metrics, &cambio::contracts::schema_catalog::embedded());
  server.handle("test.echo", [](const rmqrpc::request& r) {
    if (r.params()["text"] == "crash") std::abort();
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
