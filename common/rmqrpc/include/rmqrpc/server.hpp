#pragma once
// The serving side: one durable queue per method, events from durable subscriber queues.
//
//   rmqrpc::server server(settings, client, metrics, &validator);
//   server.handle("rates.convert", [&](const rmqrpc::request& r) { return convert(r.params()); });
//   server.start();
//
// Each request is validated against its schema before the handler runs (invalid → invalid_argument
// naming the violations), runs on a bounded worker pool, and is acknowledged only after its reply
// is published. Expired requests are dropped unexecuted. A message delivered delivery_limit times
// without being acknowledged (it keeps killing its consumer) and a message that cannot be parsed
// and has no one to answer to go to the dead-letter queue `<queue>.dlq`.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rmqrpc/client.hpp"
#include "rmqrpc/request.hpp"
#include "rmqrpc/settings.hpp"

namespace rmqrpc {

// Checks a message against a named JSON schema ("<queue>.request", "<routing key>.event").
class validator {
 public:
  virtual ~validator() = default;
  virtual bool has_schema(std::string_view name) const = 0;
  // The violations, empty when the message is valid.
  virtual std::vector<std::string> violations(std::string_view name,
                                              const nlohmann::json& message) const = 0;
};

// Counts of one served queue since start.
struct queue_stats {
  std::string queue;
  std::uint64_t handled = 0;  // replies/acks, successful or not
  std::uint64_t failed = 0;   // error replies and failed event handlers
  std::uint64_t dead_lettered = 0;
  std::uint64_t in_flight = 0;
};

struct queue_options {
  std::uint16_t prefetch = 0;  // 0: server_settings::prefetch
  // Events only: every instance of the service gets every event (e.g. to refresh a cache), from a
  // queue of its own (`<queue>.<random>`: exclusive, deleted with the connection). Events published
  // while the instance is disconnected are not kept for it, and a failing handler's event is
  // dropped (logged), not retried or dead-lettered.
  bool broadcast = false;
};

// The name of a queue's dead-letter queue.
std::string dead_letter_queue(std::string_view queue);
// The topic exchange events are published to.
inline constexpr std::string_view events_exchange = "cambio.events";

class server {
 public:
  // `nested` makes the calls of request::call; `schemas` may be null (no validation).
  server(server_settings settings, client& nested, cambio::metrics::registry& metrics,
         const validator* schemas);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Registers the handler of a queue. Before start(). Throws std::logic_error if the validator has
  // no
  // "<queue>.request" schema or the queue is registered twice.
  void handle(std::string queue, handler h, queue_options options = {});
  // Consumes events matching `binding_key` from the durable queue `queue` (competing consumers:
  // one instance of the service handles each event), or with options.broadcast from a queue of
  // this instance's own. Before start().
  void subscribe(std::string queue, std::string binding_key, event_handler h,
                 queue_options options = {});

  // Connects (in the background; reconnecting with backoff) and starts consuming.
  void start();
  // Graceful stop: stop consuming, finish the handlers in flight, publish their replies, close.
  // Idempotent; also called by the destructor.
  void stop();

  bool connected() const;
  bool wait_connected(std::chrono::milliseconds timeout) const;
  // 0 while disconnected; while connected, a number of its own for each connection, so that it
  // changes with every reconnection. Events published while a broadcast subscription is down are
  // lost, so state kept fresh by its events is fresh only while this number stays the same (and
  // not 0) since the state was read.
  std::uint64_t connection_number() const;
  // The request queues served (handle()), and the routing keys of the events subscribed to.
  std::vector<std::string> queues() const;
  std::vector<std::string> event_bindings() const;
  std::vector<queue_stats> stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace rmqrpc
