#pragma once
// What a handler sees: the validated parameters, who asked, the deadline, and nested calls that
// carry the same deadline and request id onwards.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rmqrpc/client.hpp"

namespace rmqrpc {

class request {
 public:
  request(const nlohmann::json& params, std::string queue, std::string request_id,
          std::string caller, std::string message_id, clock::time_point deadline, client* nested);

  const nlohmann::json& params() const noexcept { return params_; }
  const std::string& queue() const noexcept { return queue_; }
  const std::string& request_id() const noexcept { return request_id_; }
  const std::string& caller() const noexcept { return caller_; }
  const std::string& message_id() const noexcept { return message_id_; }  // idempotency key
  clock::time_point deadline() const noexcept { return deadline_; }
  bool expired() const { return clock::now() >= deadline_; }

  // A nested call with this request's deadline (or an earlier one from options) and request id.
  nlohmann::json call(std::string_view queue, const nlohmann::json& params,
                      call_options options = {}) const;
  // Publishes an event carrying this request's id.
  void publish(std::string_view routing_key, const nlohmann::json& event) const;

 private:
  call_options inherit(call_options options) const;

  const nlohmann::json& params_;
  std::string queue_;
  std::string request_id_;
  std::string caller_;
  std::string message_id_;
  clock::time_point deadline_;
  client* nested_;
};

// A request handler returns the result or throws rmqrpc::error.
using handler = std::function<nlohmann::json(const request&)>;
// An event handler returns to acknowledge the event; throwing leaves it for redelivery (a message
// that fails server_settings::delivery_limit times is dead-lettered).
using event_handler = std::function<void(const request&)>;

}  // namespace rmqrpc
