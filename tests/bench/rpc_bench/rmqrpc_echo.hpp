#pragma once
// Echo through rmqrpc as the services use it: rmqrpc::server serving `test.echo` (classic queue,
// schema-validated, worker pool, ack after reply) and rmqrpc::client keeping N calls in flight with
// call_async callbacks (direct reply-to, mandatory, publisher confirms, deadlines).

#include <cstddef>

#include "latency_stats.hpp"
#include "scenario.hpp"

namespace cambio::bench {

struct rmqrpc_tuning {
  std::size_t workers = 8;  // rmqrpc::server_settings default
};

summary run_rmqrpc_echo(const scenario& s, const rmqrpc_tuning& tuning);

}  // namespace cambio::bench
