#pragma once
// The RPC client of one cambioctl run, connected before the first call.

#include <chrono>

#include "cambio/metrics.hpp"
#include "cambioctl/settings.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::cambioctl {

class rpc_connection {
 public:
  // Connects to settings.amqp_url and waits up to `timeout` for the connection; throws
  // rmqrpc::error `unavailable` with details {"transport": true} when the broker cannot be reached
  // in time.
  rpc_connection(const settings& s, std::chrono::milliseconds timeout);

  rmqrpc::client& client() { return client_; }

 private:
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
};

}  // namespace cambio::cambioctl
