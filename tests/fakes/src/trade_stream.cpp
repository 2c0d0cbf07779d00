#include "trade_stream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace cambio::fakes {
namespace {

namespace websocket = beast::websocket;
using error_code = boost::system::error_code;

}  // namespace

trade_stream::trade_stream(beast::tcp_stream&& connection, std::chrono::milliseconds ping_interval,
                           fake_exchange_stats& stats)
    : ws_(std::move(connection)),
      ping_interval_(ping_interval),
      stats_(stats),
      wake_(ws_.get_executor()) {}

asio::awaitable<void> trade_stream::run(beast::http::request<beast::http::string_body> upgrade) {
  auto self = shared_from_this();
  auto timeout = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeout.idle_timeout = websocket::stream_base::none();  // pings are the writer's business
  ws_.set_option(timeout);
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++stats_.pongs_received;
  });
  error_code ec;
  co_await ws_.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  accepted_ = true;
  ++stats_.streams_accepted;
  ws_.text(true);
  asio::co_spawn(ws_.get_executor(), write_loop(), asio::detached);
  co_await read_loop();
  // The reader saw the end: the writer must not wait for anything more.
  finished_ = true;
  wake();
  beast::get_lowest_layer(ws_).close();
}

asio::awaitable<void> trade_stream::read_loop() {
  beast::flat_buffer buffer;
  error_code ec;
  while (!finished_) {
    buffer.clear();
    // Reading is what answers the client's pings and completes a close handshake.
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
  }
}

asio::awaitable<void> trade_stream::write_loop() {
  auto self = shared_from_this();  // the writer may outlive run() by one failed operation
  auto next_ping = std::chrono::steady_clock::now() + ping_interval_;
  error_code ec;
  while (!finished_ && !ec) {
    if (close_code_) {
      co_await ws_.async_close(websocket::close_reason(*close_code_),
                               asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    if (!stalled_ && std::chrono::steady_clock::now() >= next_ping) {
      co_await ws_.async_ping({}, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) ++stats_.pings_sent;
      next_ping = std::chrono::steady_clock::now() + ping_interval_;
      continue;
    }
    if (!outbox_.empty()) {
      auto [frame, trade] = std::move(outbox_.front());
      outbox_.pop_front();
      co_await ws_.async_write(asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
      if (!ec && trade) ++stats_.trades_sent;
      continue;
    }
    wake_.expires_at(stalled_ ? std::chrono::steady_clock::time_point::max() : next_ping);
    error_code woken;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, woken));
  }
}

void trade_stream::send(std::string frame, bool trade) {
  if (stalled_ || finished_ || close_code_) return;
  outbox_.emplace_back(std::move(frame), trade);
  wake();
}

void trade_stream::stall() {
  stalled_ = true;
  outbox_.clear();
  wake();
}

void trade_stream::close(std::uint16_t code) {
  if (finished_ || close_code_) return;
  close_code_ = code;
  outbox_.clear();
  wake();
}

void trade_stream::reset() {
  auto& socket = beast::get_lowest_layer(ws_).socket();
  error_code ignored;
  // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

void trade_stream::shutdown() {
  finished_ = true;
  wake();
  beast::get_lowest_layer(ws_).close();
}

}  // namespace cambio::fakes
