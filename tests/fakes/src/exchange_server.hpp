#pragma once
// The fake exchange's server side (private): everything here runs on the fake's one I/O thread.
// One port serves HTTP (the REST ticker, the controls) and, on upgrade, the trade stream.

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "cambio/fakes/fake_exchange.hpp"
#include "market.hpp"
#include "rest_faults.hpp"
#include "trade_stream.hpp"

namespace cambio::fakes {

using tcp = asio::ip::tcp;
namespace http = beast::http;

class exchange_server {
 public:
  exchange_server(asio::io_context& io, const fake_exchange_options& options);

  // Binds; returns the bound port. Throws std::runtime_error if it cannot.
  std::uint16_t listen();
  // Starts accepting and trading.
  void start();
  // Stops accepting and closes every connection, so that the I/O thread runs out of work.
  void shutdown();

  // The controls (fake_exchange.hpp).
  void set_price(double price) { market_.set_price(price); }
  double price() const { return market_.price(); }
  void stall_streams();
  void send_garbage(int frames);
  void send_frame(const std::string& text);
  void close_streams(std::uint16_t code);
  void reset_streams();
  void fail_rest(rest_fault fault, int times, std::chrono::seconds retry_after) {
    faults_.set(fault, times, retry_after);
  }
  fake_exchange_stats stats() const;
  const std::vector<std::chrono::steady_clock::time_point>& rest_request_times() const {
    return rest_times_;
  }

 private:
  using request = http::request<http::string_body>;
  using response = http::response<http::string_body>;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(tcp::socket socket);
  asio::awaitable<void> trade_loop();
  // The REST and control routes (http_routes.cpp).
  response answer(const request& req);
  response ticker(const request& req);
  response control(const request& req);

  asio::io_context& io_;
  const fake_exchange_options options_;
  const std::string stream_target_;  // "/ws/btcusdt@trade"
  tcp::acceptor acceptor_;
  asio::steady_timer trade_timer_;
  market market_;
  rest_faults faults_;
  fake_exchange_stats stats_;
  std::vector<std::chrono::steady_clock::time_point> rest_times_;
  std::set<beast::tcp_stream*> connections_;  // HTTP connections, to close them on shutdown
  std::set<std::shared_ptr<trade_stream>> streams_;
  std::size_t garbage_sent_ = 0;
  bool stopping_ = false;
};

}  // namespace cambio::fakes
