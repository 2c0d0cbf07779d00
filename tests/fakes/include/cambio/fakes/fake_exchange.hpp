#pragma once
// A fake Binance on 127.0.0.1 for tests and the offline local stack: one port serves the REST
// ticker and the trade stream in Binance's wire formats, with a price on a small random walk, and
// controls to make it misbehave the ways the real one does.
//
//   GET  /api/v3/ticker/price?symbol=BTCUSDT  {"symbol":"BTCUSDT","price":"43012.50000000"}
//   WS   /ws/btcusdt@trade                     a trade frame every `interval`, a ping every
//                                              `ping_interval`
//
// Controls, in process (below) or over HTTP for a running fake-exchange (curl -X POST ...):
//   POST /control/price?value=43100            set the price (the walk goes on from there)
//   POST /control/stall                        open streams go silent, sockets stay open
//   POST /control/garbage?frames=N             N malformed frames on every open stream
//   POST /control/frame        (body)          one raw text frame on every open stream
//   POST /control/close?code=1000              close every stream politely (the 24 h disconnect)
//   POST /control/reset                        drop every stream abruptly (TCP RST)
//   POST /control/rest?fault=F&times=N&retry_after=S
//        F: rate_limited (429) | banned (418) | server_error (500) | malformed (200, bad JSON) |
//           invalid_symbol (400, -1121) | none; N: how many replies (default: until "none")
//   GET  /control/state                        price and counters as JSON

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cambio::fakes {

// What the REST ticker answers instead of the price.
enum class rest_fault { none, rate_limited, banned, server_error, malformed, invalid_symbol };

struct fake_exchange_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                          // 0: an ephemeral port, see port()
  double price = 43000;                            // where the random walk starts
  std::chrono::milliseconds interval{500};         // one trade on every stream this often
  std::chrono::milliseconds ping_interval{20000};  // server pings, as Binance sends every 20 s
  std::string symbol = "BTCUSDT";
  std::uint64_t seed = 1;  // of the random walk
};

struct fake_exchange_stats {
  std::size_t open_streams = 0;
  std::size_t streams_accepted = 0;
  std::size_t trades_sent = 0;  // trade frames written, summed over streams
  std::size_t pings_sent = 0;
  std::size_t pongs_received = 0;  // clients' answers to our pings
  std::size_t rest_requests = 0;   // ticker requests, failed ones included
};

class fake_exchange {
 public:
  explicit fake_exchange(fake_exchange_options options = {});
  ~fake_exchange();  // stop()
  fake_exchange(const fake_exchange&) = delete;
  fake_exchange& operator=(const fake_exchange&) = delete;

  // Binds and serves on its own thread. Throws std::runtime_error if the port cannot be bound.
  void start();
  // Closes every connection (clients see the TCP connection end) and joins. Idempotent.
  void stop();

  std::uint16_t port() const;
  std::string rest_url() const;  // http://127.0.0.1:PORT
  std::string ws_url() const;    // ws://127.0.0.1:PORT/ws/btcusdt@trade

  // Each control takes effect before it returns.
  void set_price(double price);
  double price() const;
  void stall_streams();  // new streams are served normally; stalled ones still answer pings
  void send_garbage(int frames);
  void send_frame(const std::string& text);
  void close_streams(std::uint16_t code = 1000);
  void reset_streams();
  // `times` < 0: until the next fail_rest(); retry_after > 0 adds a Retry-After header.
  void fail_rest(rest_fault fault, int times = -1,
                 std::chrono::seconds retry_after = std::chrono::seconds(0));

  fake_exchange_stats stats() const;
  // When each ticker request arrived, oldest first.
  std::vector<std::chrono::steady_clock::time_point> rest_request_times() const;

 private:
  class impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cambio::fakes
