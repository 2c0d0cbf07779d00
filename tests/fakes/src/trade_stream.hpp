#pragma once
// One client of the fake's trade stream (private): the WebSocket after the upgrade, a writer that
// sends queued frames and periodic pings, and a reader that answers the client's pings and sees its
// pongs and close. The controls act on it from the same I/O thread.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "cambio/fakes/fake_exchange.hpp"

namespace cambio::fakes {

namespace asio = boost::asio;
namespace beast = boost::beast;

class trade_stream : public std::enable_shared_from_this<trade_stream> {
 public:
  trade_stream(beast::tcp_stream&& connection, std::chrono::milliseconds ping_interval,
               fake_exchange_stats& stats);

  // Accepts the upgrade, then serves until the connection ends.
  asio::awaitable<void> run(beast::http::request<beast::http::string_body> upgrade);

  // Queues a frame; dropped while stalled. `trade` counts it in trades_sent.
  void send(std::string frame, bool trade);
  // Sends nothing more, pings included; keeps reading (so the client's pings are still answered).
  void stall();
  // A close frame with `code`, as Binance's 24-hour disconnect.
  void close(std::uint16_t code);
  // Drops the connection with a TCP RST: no close frame, no FIN.
  void reset();
  // Closes the socket: every pending operation ends.
  void shutdown();
  // Whether the upgrade has been accepted (and the connection has not ended).
  bool open() const { return accepted_ && !finished_; }

 private:
  asio::awaitable<void> write_loop();
  asio::awaitable<void> read_loop();
  void wake() { wake_.cancel(); }

  beast::websocket::stream<beast::tcp_stream> ws_;
  std::chrono::milliseconds ping_interval_;
  fake_exchange_stats& stats_;
  asio::steady_timer wake_;  // the writer sleeps on it until a frame, a ping or a close is due
  std::deque<std::pair<std::string, bool>> outbox_;
  std::optional<std::uint16_t> close_code_;
  bool accepted_ = false;
  bool stalled_ = false;
  bool finished_ = false;
};

}  // namespace cambio::fakes
