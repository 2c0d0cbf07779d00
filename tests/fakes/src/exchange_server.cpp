#include "exchange_server.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace cambio::fakes {
namespace {

using error_code = boost::system::error_code;

std::string stream_target(std::string symbol) {
  std::transform(symbol.begin(), symbol.end(), symbol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "/ws/" + symbol + "@trade";
}

}  // namespace

exchange_server::exchange_server(asio::io_context& io, const fake_exchange_options& options)
    : io_(io),
      options_(options),
      stream_target_(stream_target(options.symbol)),
      acceptor_(io),
      trade_timer_(io),
      market_(options.price, options.symbol, options.seed) {}

std::uint16_t exchange_server::listen() {
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    // A fake restarted on the same port (a test's outage) must not wait for TIME_WAIT to pass.
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    return acceptor_.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("fake-exchange: cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + e.code().message());
  }
}

void exchange_server::start() {
  asio::co_spawn(io_, accept_loop(), asio::detached);
  asio::co_spawn(io_, trade_loop(), asio::detached);
}

void exchange_server::shutdown() {
  stopping_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  trade_timer_.cancel();
  for (auto* connection : connections_) connection->close();
  for (const auto& stream : streams_) stream->shutdown();
}

asio::awaitable<void> exchange_server::accept_loop() {
  while (!stopping_) {
    tcp::socket socket(io_);
    error_code ec;
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || stopping_) break;
    if (ec) continue;  // the client gave up before we accepted: nothing to serve
    asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> exchange_server::serve(tcp::socket socket) {
  beast::tcp_stream connection(std::move(socket));
  connections_.insert(&connection);
  beast::flat_buffer buffer;
  error_code ec;
  while (!stopping_) {
    request req;
    co_await http::async_read(connection, buffer, req,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    if (beast::websocket::is_upgrade(req) && req.target() == stream_target_) {
      connections_.erase(&connection);
      auto stream =
          std::make_shared<trade_stream>(std::move(connection), options_.ping_interval, stats_);
      streams_.insert(stream);
      co_await stream->run(std::move(req));
      streams_.erase(stream);
      co_return;
    }
    auto res = answer(req);
    co_await http::async_write(connection, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  connections_.erase(&connection);
}

asio::awaitable<void> exchange_server::trade_loop() {
  while (!stopping_) {
    trade_timer_.expires_after(options_.interval);
    error_code ec;
    co_await trade_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopping_) break;
    market_.step();
    const auto frame = market_.next_trade_frame(std::chrono::system_clock::now());
    for (const auto& stream : streams_) stream->send(frame, true);
  }
}

void exchange_server::stall_streams() {
  for (const auto& stream : streams_) stream->stall();
}

void exchange_server::send_garbage(int frames) {
  for (int i = 0; i < frames; ++i) {
    const auto frame = garbage_frame(garbage_sent_++);
    for (const auto& stream : streams_) stream->send(frame, false);
  }
}

void exchange_server::send_frame(const std::string& text) {
  for (const auto& stream : streams_) stream->send(text, false);
}

void exchange_server::close_streams(std::uint16_t code) {
  for (const auto& stream : streams_) stream->close(code);
}

void exchange_server::reset_streams() {
  for (const auto& stream : streams_) stream->reset();
}

fake_exchange_stats exchange_server::stats() const {
  auto copy = stats_;
  copy.open_streams = static_cast<std::size_t>(std::count_if(
      streams_.begin(), streams_.end(), [](const auto& stream) { return stream->open(); }));
  copy.rest_requests = rest_times_.size();
  return copy;
}

}  // namespace cambio::fakes
