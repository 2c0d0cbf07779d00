#pragma once
// One AMQP connection owned by one I/O thread (rabbitmq-c connections are not thread-safe). The
// thread runs an asio::io_context: socket readiness, timers and work posted by other threads. The
// link connects, reconnects with exponential backoff and full jitter, and hands frames to its owner
// (client or server) through callbacks that run on the I/O thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include <amqp.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "rmqrpc/settings.hpp"

namespace cambio::metrics {
class counter;
class gauge;
class registry;
}  // namespace cambio::metrics

namespace rmqrpc::detail {

// A broker or socket failure on the link; the link tears down and reconnects.
struct link_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A message as received (basic.deliver or basic.return); views into rabbitmq-c memory, valid only
// during the callback.
struct inbound {
  amqp_channel_t channel = 0;
  std::uint64_t delivery_tag = 0;
  bool redelivered = false;
  std::string_view routing_key;
  const amqp_basic_properties_t* properties = nullptr;
  std::string_view body;
};

// Text of a short-string property or header ("" when absent).
std::string property(const amqp_bytes_t& bytes, amqp_flags_t flags, amqp_flags_t flag);
// A header's value as text or integer, if present.
std::optional<std::string> header_string(const amqp_basic_properties_t& p, std::string_view key);
std::optional<std::int64_t> header_int(const amqp_basic_properties_t& p, std::string_view key);

inline amqp_bytes_t bytes(std::string_view s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

class amqp_link {
 public:
  struct callbacks {
    std::function<void()> on_connected;  // declare topology, start consumers
    std::function<void(const std::string& why)> on_disconnected;  // fail work in flight
    std::function<void(const inbound&)> on_delivery;
    std::function<void(const inbound&)> on_return;  // an unroutable mandatory publish
    std::function<void(amqp_channel_t, std::uint64_t tag, bool multiple, bool ack)> on_confirm;
  };

  amqp_link(connection_settings settings, std::string role, callbacks cb,
            cambio::metrics::registry& metrics);
  ~amqp_link();
  amqp_link(const amqp_link&) = delete;
  amqp_link& operator=(const amqp_link&) = delete;

  void start();
  // Runs `close` on the I/O thread (if connected), closes the connection, joins the thread.
  void stop(std::function<void()> before_close = {});

  boost::asio::io_context& io() { return io_; }
  bool connected() const { return connected_.load(std::memory_order_acquire); }
  bool wait_connected(std::chrono::milliseconds timeout);
  // Increments with every new connection; work tied to an older one (delivery tags) is void.
  std::uint64_t generation() const { return generation_; }  // I/O thread only
  bool on_io_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

  // The operations below run on the I/O thread only and throw link_failure.
  void open_channel(amqp_channel_t ch);
  void confirm_select(amqp_channel_t ch);
  void qos(amqp_channel_t ch, std::uint16_t prefetch);
  void declare_exchange(std::string_view name, std::string_view type);
  void declare_queue(std::string_view name, const amqp_table_t& arguments);
  // A queue of this connection only: exclusive, not durable, deleted when the connection closes.
  void declare_private_queue(std::string_view name);
  void bind_queue(std::string_view queue, std::string_view exchange, std::string_view key);
  void consume(amqp_channel_t ch, std::string_view queue, bool no_ack);
  void cancel_consumers();
  // Returns the publish sequence number on a confirm-mode channel (0 otherwise).
  std::uint64_t publish(amqp_channel_t ch, std::string_view exchange, std::string_view routing_key,
                        const amqp_basic_properties_t& props, std::string_view body,
                        bool mandatory);
  void ack(amqp_channel_t ch, std::uint64_t tag);
  void reject(amqp_channel_t ch, std::uint64_t tag, bool requeue);
  // Holds the output (TCP_CORK) for its lifetime when a batch has more than one write: frames
  // then leave in full segments, which the broker reads together, and the release sends the rest.
  // A batch of one is written as it comes. No-op when not connected.
  class output_batch {
   public:
    output_batch(amqp_link& link, std::size_t writes) : link_(writes > 1 ? &link : nullptr) {
      if (link_ != nullptr) link_->hold_output(true);
    }
    ~output_batch() {
      if (link_ != nullptr) link_->hold_output(false);
    }
    output_batch(const output_batch&) = delete;
    output_batch& operator=(const output_batch&) = delete;

   private:
    amqp_link* link_;
  };

  // Tears the connection down (I/O thread) and schedules a reconnect.
  void fail(const std::string& why);
  // Drains every frame already received. I/O thread.
  void pump();

 private:
  void hold_output(bool hold);  // for output_batch
  void connect();
  void open_connection();
  void arm_socket();
  void schedule_tick();
  void schedule_reconnect();
  void teardown();
  void check_rpc(const char* what);
  void handle_frame(const amqp_frame_t& frame);

  connection_settings settings_;
  std::string role_;
  callbacks cb_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::posix::stream_descriptor socket_;
  boost::asio::steady_timer tick_;
  boost::asio::steady_timer reconnect_timer_;
  std::thread thread_;
  amqp_connection_state_t conn_ = nullptr;
  std::atomic<bool> connected_{false};
  std::mutex connected_mutex_;
  std::condition_variable connected_cv_;
  bool stopping_ = false;
  std::uint64_t generation_ = 0;
  int attempts_ = 0;
  bool ever_connected_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
  std::map<amqp_channel_t, std::uint64_t> publish_seq_;  // confirm-mode channels
  std::map<amqp_channel_t, std::string> consumers_;      // channel → consumer tag
  cambio::metrics::gauge& connected_gauge_;
  cambio::metrics::counter& reconnects_;
  cambio::metrics::counter& connect_failures_;
};

}  // namespace rmqrpc::detail
