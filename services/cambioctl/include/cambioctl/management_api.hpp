#pragma once
// The few calls cambioctl makes to the RabbitMQ management HTTP API (basic auth).

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cambioctl/urls.hpp"

namespace cambio::cambioctl {

class management_error : public std::runtime_error {
 public:
  // `status`: the HTTP status, 0 when there was no answer at all.
  management_error(const std::string& message, int status)
      : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

class management_api {
 public:
  management_api(http_endpoint endpoint, std::string vhost,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // GET /api/queues/<vhost>
  nlohmann::json queues() const;
  // Up to `count` messages of `queue`, left in the queue (ackmode ack_requeue_true): each with
  // payload, properties (headers: x-death, x-cambio-dead-reason, ...), routing_key, redelivered,
  // message_count (messages after it).
  nlohmann::json peek(std::string_view queue, int count) const;

  const std::string& vhost() const { return vhost_; }

 private:
  http_endpoint endpoint_;
  std::string vhost_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cambio::cambioctl
