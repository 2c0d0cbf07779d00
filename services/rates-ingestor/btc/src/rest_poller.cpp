#include "rest_poller.hpp"

#include <algorithm>
#include <exception>
#include <type_traits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "cambio/log.hpp"

namespace cambio::rates::btc {
namespace {

namespace http = beast::http;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

const auto& logger() {
  static const auto log = cambio::log::get("rates.btc");
  return log;
}

// "https://host/prefix" + "/api/v3/ticker/price?symbol=BTCUSDT": a base path (a proxy's) is kept.
std::string ticker_target(const url& base, const std::string& symbol) {
  auto prefix = base.target.substr(0, base.target.find('?'));
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return prefix + "/api/v3/ticker/price?symbol=" + symbol;
}

ticker_reply network_failure(std::string message) {
  ticker_reply reply;
  reply.failure = rest_failure::network;
  reply.message = std::move(message);
  return reply;
}

}  // namespace

rest_poller::rest_poller(asio::io_context& io, asio::ssl::context& tls,
                         const feed_settings& settings, feed_state& state)
    : io_(io),
      tls_(tls),
      settings_(settings),
      url_(parse_url(settings.rest_url)),
      target_(ticker_target(url_, settings.symbol)),
      state_(state),
      backoff_(settings.backoff),
      resolver_(io),
      wait_timer_(io) {}

void rest_poller::start() {
  asio::co_spawn(io_, run(), [](const std::exception_ptr& failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      logger()->critical("BTC ticker poll loop died: {}; no more REST prices", e.what());
    }
  });
}

void rest_poller::shutdown() {
  stopping_ = true;
  resolver_.cancel();
  wait_timer_.cancel();
  if (socket_ != nullptr) socket_->close();
}

asio::awaitable<void> rest_poller::run() {
  state_.set_link(k_rest, link_state::connecting);
  while (!stopping_) {
    const auto delay = co_await poll();
    if (stopping_) break;
    wait_timer_.expires_after(delay);
    boost::system::error_code cancelled;  // by shutdown(): the loop sees stopping_
    co_await wait_timer_.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
  }
  state_.set_link(k_rest, link_state::stopped);
}

asio::awaitable<std::chrono::milliseconds> rest_poller::poll() {
  const auto reply = co_await fetch();
  if (stopping_) co_return std::chrono::milliseconds::zero();
  if (!reply.price) co_return delay_after(reply);
  backoff_.reset();
  state_.set_link(k_rest, link_state::connected, "");
  // The ticker has no timestamp: the price is as of the reply's arrival.
  state_.offer({*reply.price, std::chrono::system_clock::now(), std::string(k_rest)});
  co_return settings_.poll_interval;
}

asio::awaitable<ticker_reply> rest_poller::fetch() {
  if (url_.tls()) {
    tls_stream stream(io_, tls_);
    co_return co_await exchange(stream);
  }
  beast::tcp_stream stream(io_);
  co_return co_await exchange(stream);
}

template <class Stream>
asio::awaitable<ticker_reply> rest_poller::exchange(Stream& stream) {
  auto& socket = beast::get_lowest_layer(stream);
  socket_ = &socket;
  std::string_view phase = "connect";
  std::string failure;
  ticker_reply reply;
  try {
    // One deadline for the whole request: connect, TLS, write and read.
    co_await connect(resolver_, socket, url_, settings_.request_timeout);
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      phase = "tls";
      co_await tls_handshake(stream, url_);
    }
    phase = "request";
    http::request<http::empty_body> request{http::verb::get, target_, 11};
    request.set(http::field::host, url_.host_header());
    request.set(http::field::user_agent, "cambio-rates-ingestor");
    request.keep_alive(false);
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // the ticker is ~50 bytes, an error page a few KB
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    const auto& response = parser.get();
    const auto retry_after = response[http::field::retry_after];
    reply = classify_ticker_reply(static_cast<int>(response.result_int()),
                                  std::string_view(retry_after.data(), retry_after.size()),
                                  response.body(), settings_.symbol);
  } catch (const boost::system::system_error& e) {
    failure = std::string(phase) + ": " + e.code().message();
  }
  socket_ = nullptr;
  if (!failure.empty()) reply = network_failure(std::move(failure));
  co_return reply;
}

std::chrono::milliseconds rest_poller::delay_after(const ticker_reply& failure) {
  auto delay = settings_.poll_interval + backoff_.next();
  if (failure.retry_after) {
    delay = std::max<std::chrono::milliseconds>(delay, *failure.retry_after);
  }
  const auto kind = to_string(failure.failure);
  state_.count_error(k_rest, kind);
  state_.set_link(k_rest, link_state::backoff, std::string(kind) + ": " + failure.message);
  logger()->warn("BTC ticker {}{} failed: {}: {}; next poll in {} ms", settings_.rest_url, target_,
                 kind, failure.message, delay.count());
  return delay;
}

}  // namespace cambio::rates::btc
