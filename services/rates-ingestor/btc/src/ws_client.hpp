#pragma once
// The trade stream (private): one WebSocket connection at a time to btcusdt@trade, its trades
// offered to the feed state, and reconnects:
//   - the server's normal close (Binance ends every connection after 24 h) → at once, no error;
//   - anything else → after a backoff delay (backoff.hpp), reset by a long healthy connection;
//   - no trade for stall_timeout → the connection is stalled: closed and reconnected. Beast's idle
//     timeout with keep-alive pings also catches a dead TCP path, but a server that answers pings
//     while sending nothing is only caught by the trade watchdog;
//   - max_malformed_in_row malformed frames in a row → the connection is broken: reconnected.
// Everything runs on the feed's single I/O thread, so no member needs a lock.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "feed_state.hpp"
#include "rates/btc/backoff.hpp"
#include "rates/btc/feed_settings.hpp"
#include "rates/btc/url.hpp"
#include "transport.hpp"

namespace cambio::rates::btc {

class ws_client {
 public:
  ws_client(asio::io_context& io, asio::ssl::context& tls, const feed_settings& settings,
            feed_state& state);

  // Starts the connect–read–reconnect loop on the I/O thread.
  void start();
  // On the I/O thread: ends the loop promptly, closing the connection or ending a backoff wait.
  void shutdown();

 private:
  // How a connection ended.
  struct session_end {
    std::string kind;     // the btc_feed_errors_total kind; "" for the server's normal close
    std::string message;  // for the log and the health detail
  };

  asio::awaitable<void> run();
  asio::awaitable<session_end> connect_and_read();
  template <class Ws>
  asio::awaitable<session_end> connect_and_read(Ws& ws);
  template <class Ws>
  asio::awaitable<session_end> read_trades(Ws& ws);
  // Handles one frame; returns the end of the session when the connection sends only garbage.
  std::optional<session_end> on_frame(std::string_view frame);
  session_end ended_by(std::string_view phase, const boost::system::error_code& error) const;
  // The wait before the next connection, after counting and logging how this one ended.
  std::chrono::milliseconds delay_after(const session_end& end);
  void watch_for_stall();
  asio::awaitable<void> wait(std::chrono::milliseconds delay);

  asio::io_context& io_;
  asio::ssl::context& tls_;
  const feed_settings settings_;
  const url url_;
  feed_state& state_;
  backoff backoff_;
  tcp::resolver resolver_;
  asio::steady_timer wait_timer_;
  asio::steady_timer stall_timer_;
  bool stopping_ = false;

  // The current connection.
  beast::tcp_stream* socket_ = nullptr;  // its lowest layer while open, for shutdown() and stalls
  std::uint64_t session_ = 0;            // tells the stall watchdog's wake-ups apart
  std::chrono::steady_clock::time_point connected_at_;
  std::chrono::steady_clock::time_point last_trade_;
  std::uint64_t trades_ = 0;
  int malformed_in_row_ = 0;
  bool stalled_ = false;
  std::string close_reason_;  // the server's close frame, when it sent one
};

}  // namespace cambio::rates::btc
