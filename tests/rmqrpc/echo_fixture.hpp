#pragma once
// A client and a server on a fresh vhost of the test broker, serving `test.echo` (schema in
// proto-schemas/): {"text"} → {"text"}; "sleep_ms" delays the reply, "fail" answers with that error
// code or, with "throw", throws a plain exception.

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace cambio::testing {

inline nlohmann::json echo(const rmqrpc::request& r) {
  const auto& p = r.params();
  if (p.contains("sleep_ms")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(p["sleep_ms"].get<int>()));
  }
  if (p.contains("fail")) {
    const auto what = p["fail"].get<std::string>();
    if (what == "throw") throw std::runtime_error("handler blew up");
    throw rmqrpc::error(rmqrpc::errc_from_string(what).value_or(rmqrpc::errc::internal),
                        "asked to fail", {{"asked", what}});
  }
  return {{"text", p["text"]}};
}

inline rmqrpc::connection_settings fast_reconnect(std::string url, std::string name) {
  rmqrpc::connection_settings c;
  c.url = std::move(url);
  c.name = std::move(name);
  c.reconnect_min = std::chrono::milliseconds(50);
  c.reconnect_max = std::chrono::milliseconds(500);
  c.heartbeat = std::chrono::seconds(2);
  return c;
}

struct echo_fixture {
  explicit echo_fixture(std::string url = {}, std::size_t workers = 4, int delivery_limit = 3)
      : url_(url.empty() ? vhost.amqp_url() : std::move(url)),
        client(rmqrpc::client_settings{fast_reconnect(url_, "test-client"),
                                       std::chrono::milliseconds(5000)},
               client_metrics),
        server_client(rmqrpc::client_settings{fast_reconnect(url_, "test-server"),
                                              std::chrono::milliseconds(5000)},
                      server_metrics),
        server(make_server_settings(workers, delivery_limit), server_client, server_metrics,
               &contracts::schema_catalog::embedded()) {
    if (!client.wait_connected(std::chrono::seconds(10))) {
      throw std::runtime_error("test client could not connect to " + url_);
    }
  }

  rmqrpc::server_settings make_server_settings(std::size_t workers, int delivery_limit) const {
    rmqrpc::server_settings s;
    s.connection = fast_reconnect(url_, "test-server");
    s.workers = workers;
    s.prefetch = 16;
    s.delivery_limit = delivery_limit;
    return s;
  }

  // Starts the server and waits until it consumes (a call succeeds).
  void start() {
    server.start();
    const bool up = eventually([&] {
      try {
        client.call("test.echo", {{"text", "ping"}}, {.timeout = std::chrono::milliseconds(500)});
        return true;
      } catch (const rmqrpc::error&) {
        return false;
      }
    });
    if (!up) throw std::runtime_error("echo server did not come up");
  }

  scoped_vhost vhost;
  std::string url_;
  metrics::registry client_metrics;
  metrics::registry server_metrics;
  rmqrpc::client client;
  rmqrpc::client server_client;
  rmqrpc::server server;
};

// The error a call raised, or throws if it succeeded.
template <typename F>
rmqrpc::error error_of(F&& f) {
  try {
    f();
  } catch (const rmqrpc::error& e) {
    return e;
  }
  throw std::runtime_error("the call succeeded but an error was expected");
}

}  // namespace cambio::testing
