#pragma once
// The baseline every service benchmark is measured beside: `test.echo` served by rmqrpc::server in
// the bench's own process with the library defaults the services run with (8 workers, prefetch
// 16), so that "our queue vs echo" is "what serving our request costs over serving nothing".

#include <memory>
#include <string>

#include "cambio/metrics.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"
#include "rmqrpc_load.hpp"

namespace cambio::bench {

class echo_server {
 public:
  // Serves test.echo on the broker (vhost) at `amqp_url` until destroyed.
  explicit echo_server(const std::string& amqp_url);
  ~echo_server();
  echo_server(const echo_server&) = delete;
  echo_server& operator=(const echo_server&) = delete;

 private:
  cambio::metrics::registry metrics_;
  std::unique_ptr<rmqrpc::client> nested_;
  std::unique_ptr<rmqrpc::server> server_;
};

// The load of the echo: `in_flight` calls, measured for `seconds` after `warmup`.
load_spec echo_load(std::size_t in_flight, double warmup, double seconds);

}  // namespace cambio::bench
