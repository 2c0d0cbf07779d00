#pragma once
// A bare rabbitmq-c client for tests and benchmarks: publishes exactly the bytes and properties it
// is given (a "foreign" client that does not use rmqrpc) and reads replies through direct reply-to.

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include <amqp.h>

namespace cambio::testing {

class raw_amqp {
 public:
  explicit raw_amqp(const std::string& url);
  ~raw_amqp();
  raw_amqp(const raw_amqp&) = delete;
  raw_amqp& operator=(const raw_amqp&) = delete;

  struct message {
    std::string body;
    std::string correlation_id;
    std::string routing_key;
    std::map<std::string, std::string> headers;  // string-valued headers only
  };

  // Starts consuming amq.rabbitmq.reply-to (no-ack) on channel 1.
  void consume_replies();
  // Publishes to the default exchange; with `reply_to` set, the reply comes to next_message().
  void publish(const std::string& queue, const std::string& body,
               const std::string& correlation_id = {}, bool reply_to = false,
               const std::map<std::string, std::string>& headers = {});
  std::optional<message> next_message(std::chrono::milliseconds timeout);
  // Fetches one message from a queue (basic.get, acknowledged); nullopt when empty.
  std::optional<message> get(const std::string& queue);
  // Declares a durable queue of the given type ("classic" for requests, "quorum" for events, as
  // rmqrpc::server does).
  void declare_queue(const std::string& queue, const std::string& type);

 private:
  amqp_connection_state_t conn_;
};

}  // namespace cambio::testing
