#pragma once
// The calling side: request/reply calls to named queues and confirmed event publishing.
//
//   rmqrpc::client rpc(settings, metrics);
//   auto quote = rpc.call("rates.convert", {{"from", "EUR"}, {"to", "USD"}, {"amount", "10"}});
//
// Every call has a deadline (call_options::timeout, default client_settings::default_timeout),
// carried to the server as x-deadline and as the message's expiration; an unroutable queue fails at
// once with `unavailable`; a lost connection fails the calls in flight with `unavailable`.
// Thread-safe: one client serves any number of threads. It connects on start() or on first use.

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rmqrpc/error.hpp"
#include "rmqrpc/settings.hpp"

namespace cambio::metrics {
class registry;
}

namespace rmqrpc {

using clock = std::chrono::system_clock;

struct call_options {
  // With neither, the client's default timeout; with one, that one; with both, the earlier.
  std::chrono::milliseconds timeout{0};
  std::optional<clock::time_point> deadline;  // absolute
  std::string
      request_id;  // "": the current thread's (cambio::log::current_request_id) or a new one
  std::string message_id;  // the idempotency key; "": a new UUID
};

// The outcome of an asynchronous call: a result or an error.
struct outcome {
  nlohmann::json result;
  std::optional<rmqrpc::error> failure;

  bool ok() const noexcept { return !failure.has_value(); }
  // The result, or throws the failure.
  const nlohmann::json& value() const;
};

class client {
 public:
  client(client_settings settings, cambio::metrics::registry& metrics);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // Starts connecting in the background (reconnecting with backoff); idempotent.
  void start();

  // Blocks until the reply or the deadline; returns the result, throws rmqrpc::error.
  nlohmann::json call(std::string_view queue, const nlohmann::json& params,
                      const call_options& options = {});

  // Never blocks on the broker. `done` runs exactly once, on the client's I/O thread: keep it
  // short.
  void call_async(std::string_view queue, nlohmann::json params, const call_options& options,
                  std::function<void(outcome)> done);
  std::future<nlohmann::json> call_async(std::string_view queue, nlohmann::json params,
                                         const call_options& options = {});

  // Publishes an event to the `cambio.events` topic exchange and waits for the broker's confirm.
  // Throws rmqrpc::error (unavailable, deadline_exceeded).
  void publish(std::string_view routing_key, const nlohmann::json& event,
               const call_options& options = {});

  // True while the connection to the broker is up.
  bool connected() const;
  // Starts the client and waits until the connection is up; false on timeout.
  bool wait_connected(std::chrono::milliseconds timeout) const;

  const client_settings& settings() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace rmqrpc
