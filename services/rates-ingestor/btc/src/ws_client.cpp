#include "ws_client.hpp"

#include <exception>
#include <type_traits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "cambio/log.hpp"
#include "rates/btc/binance_wire.hpp"

namespace cambio::rates::btc {
namespace {

namespace websocket = beast::websocket;
using plain_ws = websocket::stream<beast::tcp_stream>;
using tls_ws = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

const auto& logger() {
  static const auto log = cambio::log::get("rates.btc");
  return log;
}

template <class Ws>
void configure(Ws& ws, const feed_settings& settings) {
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = settings.request_timeout;
  // Beast pings after half of this without incoming data and fails the read after all of it:
  // that catches a dead TCP path. A server that pongs but sends no trades is the watchdog's job.
  timeout.idle_timeout = settings.stall_timeout;
  timeout.keep_alive_pings = true;
  ws.set_option(timeout);
  ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
    request.set(beast::http::field::user_agent, "cambio-rates-ingestor");
  }));
  ws.read_message_max(64 * 1024);  // a trade is ~200 bytes; anything huge is not one
}

}  // namespace

ws_client::ws_client(asio::io_context& io, asio::ssl::context& tls, const feed_settings& settings,
                     feed_state& state)
    : io_(io),
      tls_(tls),
      settings_(settings),
      url_(parse_url(settings.ws_url)),
      state_(state),
      backoff_(settings.backoff),
      resolver_(io),
      wait_timer_(io),
      stall_timer_(io) {}

void ws_client::start() {
  asio::co_spawn(io_, run(), [](const std::exception_ptr& failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      logger()->critical("BTC trade stream loop died: {}; no more stream prices", e.what());
    }
  });
}

void ws_client::shutdown() {
  stopping_ = true;
  resolver_.cancel();
  wait_timer_.cancel();
  stall_timer_.cancel();
  if (socket_ != nullptr) socket_->close();
}

asio::awaitable<void> ws_client::run() {
  for (bool first = true; !stopping_; first = false) {
    if (!first) state_.count_reconnect();
    state_.set_link(k_ws, link_state::connecting);
    const auto end = co_await connect_and_read();
    if (stopping_) break;
    const auto delay = delay_after(end);
    if (delay > std::chrono::milliseconds::zero()) {
      state_.set_link(k_ws, link_state::backoff);
      co_await wait(delay);
    }
  }
  state_.set_link(k_ws, link_state::stopped);
}

asio::awaitable<ws_client::session_end> ws_client::connect_and_read() {
  ++session_;
  trades_ = 0;
  malformed_in_row_ = 0;
  stalled_ = false;
  close_reason_.clear();
  if (url_.tls()) {
    tls_ws ws(io_, tls_);
    co_return co_await connect_and_read(ws);
  }
  plain_ws ws(io_);
  co_return co_await connect_and_read(ws);
}

template <class Ws>
asio::awaitable<ws_client::session_end> ws_client::connect_and_read(Ws& ws) {
  auto& socket = beast::get_lowest_layer(ws);
  socket_ = &socket;
  std::string_view phase = "connect";
  boost::system::error_code error;
  session_end end;
  try {
    co_await connect(resolver_, socket, url_, settings_.request_timeout);
    if constexpr (std::is_same_v<Ws, tls_ws>) {
      phase = "tls";
      co_await tls_handshake(ws.next_layer(), url_);
    }
    phase = "handshake";
    socket.expires_never();  // from here on the WebSocket's own timeouts apply
    configure(ws, settings_);
    co_await ws.async_handshake(url_.host_header(), url_.target, asio::use_awaitable);
    phase = "read";
    end = co_await read_trades(ws);
  } catch (const boost::system::system_error& e) {
    error = e.code();
    if (error == websocket::error::closed) {
      const auto& reason = ws.reason();
      close_reason_ = "code " + std::to_string(reason.code);
      if (!reason.reason.empty()) {
        close_reason_ += ": " + std::string(reason.reason.data(), reason.reason.size());
      }
    }
  }
  socket_ = nullptr;
  stall_timer_.cancel();
  if (error) end = ended_by(phase, error);
  co_return end;
}

template <class Ws>
asio::awaitable<ws_client::session_end> ws_client::read_trades(Ws& ws) {
  connected_at_ = last_trade_ = std::chrono::steady_clock::now();
  state_.set_link(k_ws, link_state::connected, "");
  logger()->info("BTC trade stream connected to {}", settings_.ws_url);
  watch_for_stall();
  beast::flat_buffer buffer;
  while (true) {
    buffer.clear();
    co_await ws.async_read(buffer, asio::use_awaitable);
    if (auto end = on_frame(beast::buffers_to_string(buffer.data()))) co_return *end;
  }
}

std::optional<ws_client::session_end> ws_client::on_frame(std::string_view frame) {
  try {
    const auto tick = parse_trade_frame(frame, settings_.symbol);
    malformed_in_row_ = 0;
    if (!tick) return std::nullopt;  // another event: not ours to read
    last_trade_ = std::chrono::steady_clock::now();
    ++trades_;
    state_.offer(*tick);
    return std::nullopt;
  } catch (const wire_error& e) {
    state_.count_error(k_ws, "malformed");
    ++malformed_in_row_;
    // One warning per run of bad frames: a broken connection must not flood the log.
    if (malformed_in_row_ == 1) {
      logger()->warn("BTC trade stream: malformed frame ignored: {}", e.what());
    }
    if (malformed_in_row_ < settings_.max_malformed_in_row) return std::nullopt;
    return session_end{"garbage", std::to_string(malformed_in_row_) +
                                      " malformed frames in a row (last: " + e.what() + ")"};
  }
}

ws_client::session_end ws_client::ended_by(std::string_view phase,
                                           const boost::system::error_code& error) const {
  if (error == websocket::error::closed) {
    return {"", "closed by the server (" + close_reason_ + ")"};
  }
  const auto stall_text = "no trade for " + std::to_string(settings_.stall_timeout.count()) + " ms";
  if (stalled_) return {"stall", stall_text};
  if (phase == "read" && error == beast::error::timeout) {
    return {"stall", stall_text + " and no answer to our pings"};
  }
  if (phase == "read") return {"disconnect", error.message()};
  return {std::string(phase), error.message()};
}

std::chrono::milliseconds ws_client::delay_after(const session_end& end) {
  const bool delivered = trades_ > 0;
  // A connection that worked for a while was not part of the outage before it: start over.
  if (delivered && std::chrono::steady_clock::now() - connected_at_ >= settings_.healthy_after) {
    backoff_.reset();
  }
  // Binance's 24-hour disconnect: a healthy stream ended politely, so reconnect at once. A server
  // that closes before sending anything gets the backoff, or we would hammer it.
  if (end.kind.empty() && delivered) {
    logger()->info("BTC trade stream {}; reconnecting now", end.message);
    return std::chrono::milliseconds::zero();
  }
  const auto delay = backoff_.next();
  if (!end.kind.empty()) state_.count_error(k_ws, end.kind);
  const auto what = end.kind.empty() ? end.message : end.kind + ": " + end.message;
  state_.set_link(k_ws, link_state::backoff, what);
  logger()->warn("BTC trade stream {}: {}; reconnecting in {} ms", settings_.ws_url, what,
                 delay.count());
  return delay;
}

void ws_client::watch_for_stall() {
  stall_timer_.expires_at(last_trade_ + settings_.stall_timeout);
  stall_timer_.async_wait([this, session = session_](const boost::system::error_code& ec) {
    if (ec || session != session_ || socket_ == nullptr) return;  // the session has ended
    if (std::chrono::steady_clock::now() < last_trade_ + settings_.stall_timeout) {
      watch_for_stall();  // a trade came in meanwhile
      return;
    }
    stalled_ = true;
    socket_->close();  // the pending read fails; the loop reconnects
  });
}

asio::awaitable<void> ws_client::wait(std::chrono::milliseconds delay) {
  wait_timer_.expires_after(delay);
  boost::system::error_code cancelled;  // by shutdown(): the loop sees stopping_
  co_await wait_timer_.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
}

}  // namespace cambio::rates::btc
