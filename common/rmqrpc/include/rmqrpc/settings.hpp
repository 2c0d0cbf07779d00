#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace rmqrpc {

// How to reach the broker. Plain data: only a service's wiring fills it from configuration.
struct connection_settings {
  std::string url = "amqp://guest:guest@127.0.0.1:5672/%2f";  // amqp://user:pass@host:port/vhost
  std::string name = "cambio";  // this process: sent as x-caller and as the connection name
  std::chrono::seconds heartbeat{10};
  std::chrono::milliseconds connect_timeout{2000};
  // Reconnect delays grow exponentially from min to max, with full jitter.
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
};

struct client_settings {
  connection_settings connection;
  std::chrono::milliseconds default_timeout{5000};
};

struct server_settings {
  connection_settings connection;
  std::size_t workers = 8;      // handler threads shared by all queues of the server
  std::uint16_t prefetch = 16;  // unacknowledged deliveries per queue (per-queue override possible)
  int delivery_limit = 3;       // deliveries of one message before it is dead-lettered
  std::chrono::milliseconds stop_timeout{10000};  // graceful stop: wait this long for handlers
};

}  // namespace rmqrpc
