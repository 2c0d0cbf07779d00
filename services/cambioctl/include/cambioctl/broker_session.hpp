#pragma once
// A plain AMQP connection (rabbitmq-c) for the queue-level operations that rmqrpc does not do:
// moving dead letters back and purging. One thread, blocking calls, each bounded by the session's
// timeout.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "cambioctl/urls.hpp"

namespace cambio::cambioctl {

class broker_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class broker_session {
 public:
  // Connects and logs in; throws broker_error.
  broker_session(const amqp_endpoint& endpoint, std::chrono::milliseconds timeout);
  ~broker_session();
  broker_session(const broker_session&) = delete;
  broker_session& operator=(const broker_session&) = delete;

  // Messages ready in `queue`, or nullopt when it does not exist.
  std::optional<std::uint32_t> message_count(std::string_view queue);

  // Takes the first message of `from` and publishes it, body and properties unchanged, to the queue
  // `to` (default exchange, mandatory); acknowledges it in `from` only once the broker has
  // confirmed the publish. Returns false when `from` is empty. Throws broker_error, the message
  // then staying in `from` (or, if the failure came after the publish, in both: never lost).
  bool move_one(std::string_view from, std::string_view to);

  // Empties `queue`; returns how many messages it held.
  std::uint32_t purge(std::string_view queue);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cambio::cambioctl
