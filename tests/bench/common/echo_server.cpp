#include "echo_server.hpp"

#include "cambio/contracts.hpp"

namespace cambio::bench {
namespace {

constexpr const char* k_text = "hello, cambio";

rmqrpc::server_settings echo_settings(const std::string& url) {
  rmqrpc::server_settings s;
  s.connection.url = url;
  s.connection.name = "bench-echo";
  s.workers = 8;
  s.prefetch = 16;
  return s;
}

}  // namespace

echo_server::echo_server(const std::string& amqp_url) {
  const auto settings = echo_settings(amqp_url);
  nested_ = std::make_unique<rmqrpc::client>(
      rmqrpc::client_settings{settings.connection, std::chrono::seconds(5)}, metrics_);
  server_ = std::make_unique<rmqrpc::server>(settings, *nested_, metrics_,
                                             &cambio::contracts::schema_catalog::embedded());
  server_->handle("test.echo", [](const rmqrpc::request& r) {
    return nlohmann::json{{"text", r.params()["text"]}};
  });
  server_->start();
}

echo_server::~echo_server() { server_->stop(); }

load_spec echo_load(std::size_t in_flight, double warmup, double seconds) {
  load_spec s;
  s.queue = "test.echo";
  s.in_flight = in_flight;
  s.warmup = std::chrono::duration<double>(warmup);
  s.length = std::chrono::duration<double>(seconds);
  s.next_params = [] { return nlohmann::json{{"text", k_text}}; };
  s.accept = [](const nlohmann::json& r) { return r.value("text", "") == k_text; };
  return s;
}

}  // namespace cambio::bench
