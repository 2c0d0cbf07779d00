#pragma once
// The REST ticker poll (private): GET /api/v3/ticker/price?symbol=BTCUSDT every poll_interval, the
// price offered to the feed state as a "rest" tick. After a failure the next poll waits
// poll_interval plus a backoff delay, and never less than the Retry-After Binance asked for (it
// bans IPs that keep asking during a 429). One connection per poll: at one request every 15 s a
// kept-alive connection would mostly be a connection the server has already dropped.

#include <chrono>
#include <string>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "feed_state.hpp"
#include "rates/btc/backoff.hpp"
#include "rates/btc/feed_settings.hpp"
#include "rates/btc/ticker_reply.hpp"
#include "rates/btc/url.hpp"
#include "transport.hpp"

namespace cambio::rates::btc {

class rest_poller {
 public:
  rest_poller(asio::io_context& io, asio::ssl::context& tls, const feed_settings& settings,
              feed_state& state);

  // Starts polling on the I/O thread, the first poll at once.
  void start();
  // On the I/O thread: ends the loop promptly, aborting a request or ending a wait.
  void shutdown();

 private:
  asio::awaitable<void> run();
  // One poll; returns the wait before the next.
  asio::awaitable<std::chrono::milliseconds> poll();
  asio::awaitable<ticker_reply> fetch();
  template <class Stream>
  asio::awaitable<ticker_reply> exchange(Stream& stream);
  std::chrono::milliseconds delay_after(const ticker_reply& failure);

  asio::io_context& io_;
  asio::ssl::context& tls_;
  const feed_settings settings_;
  const url url_;
  const std::string target_;  // the ticker's path and query under the base URL
  feed_state& state_;
  backoff backoff_;
  tcp::resolver resolver_;
  asio::steady_timer wait_timer_;
  beast::tcp_stream* socket_ = nullptr;  // the request's connection while open, for shutdown()
  bool stopping_ = false;
};

}  // namespace cambio::rates::btc
