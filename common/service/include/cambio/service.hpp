#pragma once
// The frame every Cambio process runs in: configuration, logging, the RPC client and server, the
// `<prefix>.health` queue, the admin HTTP port (/healthz, /metrics) and a graceful stop on
// SIGTERM/SIGINT. A service's main() only wires its parts into it:
//
//   int main(int argc, char** argv) {
//     return cambio::run_service({"db-proxy", "db"}, argc, argv, [](cambio::service& s) {
//       db_proxy::append_health_handlers(s);
//     });
//   }
//
// Wiring registers handlers and callbacks and connects nothing: `<service> --list-queues` wires the
// service without any configuration and prints its queues. So wiring reads only settings that have
// defaults; whatever needs a required setting, a connection or a port starts in on_start.

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cambio/config.hpp"
#include "cambio/health_report.hpp"
#include "cambio/metrics.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace cambio {

struct service_identity {
  std::string name;          // executable name, e.g. "db-proxy"
  std::string queue_prefix;  // first part of its queue names, e.g. "db"
};

enum class service_mode {
  run,          // reads its settings (CAMBIO_AMQP_URL is required) and may run
  list_queues,  // for --list-queues: default settings, never runs
};

class service {
 public:
  // Reads the settings (throws config_error), sets up logging, builds the RPC client and server and
  // registers the `<prefix>.health` queue. Blocks SIGTERM/SIGINT in the calling thread (and so in
  // every thread started after it): construct the service before starting threads.
  service(service_identity id, cambio::config cfg, service_mode mode = service_mode::run);
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  const service_identity& identity() const;
  const cambio::config& config() const;
  cambio::metrics::registry& metrics();
  rmqrpc::client& client();
  rmqrpc::server& server();

  // Adds a named check to /healthz and the health queue; the service is healthy when the broker
  // connection is up and every check passes. Checks run on every health request: keep them cheap.
  // A check that throws counts as failed.
  void add_health_check(std::string name, std::function<health_check()> check);
  // Runs in run(), in order of registration, before the admin port and the RPC server start.
  void on_start(std::function<void()> fn);
  // Runs at stop, in reverse order of registration, after the RPC server has stopped.
  void on_stop(std::function<void()> fn);

  // The health report (see health_report.hpp).
  nlohmann::json health() const;

  // Runs the on_start callbacks, starts the admin port and the server, waits for SIGTERM/SIGINT,
  // stops gracefully. Returns the process exit code.
  int run();

 private:
  struct impl;
  service_mode mode_;
  std::unique_ptr<impl> impl_;
};

// main() of every service: builds the service from the environment (a bad setting stops the process
// with a message naming it, exit code 2), lets `wire` add its parts, runs it.
// Arguments: --version prints "<name> <version>"; --list-queues prints the request queues the
// service handles, one per line, then "event <routing key>" per subscription, without connecting
// anywhere.
int run_service(service_identity id, int argc, char** argv,
                const std::function<void(service&)>& wire);

}  // namespace cambio
