#include "rmqrpc_echo.hpp"

#include <stdexcept>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"
#include "rmqrpc_load.hpp"

namespace cambio::bench {
namespace {

constexpr std::string_view k_queue = "test.echo";

rmqrpc::connection_settings connection_to(const std::string& url, std::string name) {
  rmqrpc::connection_settings c;
  c.url = url;
  c.name = std::move(name);
  return c;
}

}  // namespace

summary run_rmqrpc_echo(const scenario& s, const rmqrpc_tuning& tuning) {
  metrics::registry server_metrics;
  metrics::registry client_metrics;
  rmqrpc::client nested({connection_to(s.url, "rpc_bench-server"), std::chrono::seconds(5)},
                        server_metrics);
  rmqrpc::server_settings settings;
  settings.connection = connection_to(s.url, "rpc_bench-server");
  settings.workers = tuning.workers;
  settings.prefetch = s.server_prefetch();
  rmqrpc::server server(settings, nested, server_metrics, &contracts::schema_catalog::embedded());
  server.handle(std::string(k_queue), [](const rmqrpc::request& r) {
    return nlohmann::json{{"text", r.params()["text"]}};
  });
  server.start();

  rmqrpc::client client({connection_to(s.url, "rpc_bench-client"), std::chrono::seconds(5)},
                        client_metrics);
  if (!client.wait_connected(std::chrono::seconds(10))) {
    throw std::runtime_error("rmqrpc echo: the client could not connect to the broker");
  }
  if (!wait_until_served(client, std::string(k_queue), {{"text", "ping"}})) {
    throw std::runtime_error("rmqrpc echo: the server did not come up");
  }

  load_spec load;
  load.queue = k_queue;
  load.in_flight = s.in_flight;
  load.warmup = s.warmup;
  load.length = s.length;
  load.drain = s.drain;
  load.next_params = [&s] { return nlohmann::json{{"text", s.text}}; };
  load.accept = [&s](const nlohmann::json& result) {
    return result.is_object() && result.value("text", std::string()) == s.text;
  };
  auto result = drive_load(client, load);
  server.stop();
  return result;
}

}  // namespace cambio::bench
