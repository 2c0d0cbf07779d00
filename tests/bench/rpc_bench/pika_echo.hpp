#pragma once
// The peer's approach: RabbitMQ tutorial six with Debian's python3-pika (pika_rpc.py: an exclusive
// callback queue per client, a classic request queue), run as a child process that prints one JSON
// line of figures.

#include <string>

#include "latency_stats.hpp"
#include "scenario.hpp"

namespace cambio::bench {

struct pika_runner {
  std::string python = "/usr/bin/python3";  // Debian's, which has python3-pika
  std::string script;                       // pika_rpc.py
};

summary run_pika_echo(const scenario& s, const pika_runner& runner);

}  // namespace cambio::bench
