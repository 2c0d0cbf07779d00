#include "rates/btc/btc_feed.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "cambio/log.hpp"
#include "feed_state.hpp"
#include "rest_poller.hpp"
#include "transport.hpp"
#include "ws_client.hpp"

namespace cambio::rates::btc {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("rates.btc");
  return log;
}

}  // namespace

class btc_feed::impl {
 public:
  impl(feed_settings settings, cambio::metrics::registry& metrics, tick_handler on_tick)
      : settings_(std::move(settings)),
        tls_(make_tls_context()),
        state_(metrics, std::move(on_tick)),
        age_timer_(io_) {
    // The URLs are checked here, where a bad one is a start-up error, not a stream of retries.
    if (settings_.ws_enabled) {
      ws_.emplace(io_, tls_, settings_, state_);
      state_.set_link(k_ws, link_state::stopped);  // until start()
    }
    if (settings_.rest_enabled) {
      rest_.emplace(io_, tls_, settings_, state_);
      state_.set_link(k_rest, link_state::stopped);
    }
  }

  ~impl() { stop(); }

  void start() {
    std::lock_guard lock(lifecycle_);
    if (started_) return;
    started_ = true;
    if (!ws_ && !rest_) {
      logger()->info("BTC feed off");
      return;
    }
    if (ws_) {
      state_.set_link(k_ws, link_state::connecting);
      ws_->start();
    }
    if (rest_) {
      state_.set_link(k_rest, link_state::connecting);
      rest_->start();
    }
    refresh_age();
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    std::lock_guard lock(lifecycle_);
    if (!thread_.joinable()) return;
    // Everything the I/O thread waits on is cancelled; its loops then end and run() returns.
    asio::post(io_, [this] {
      stopping_ = true;
      age_timer_.cancel();
      if (ws_) ws_->shutdown();
      if (rest_) rest_->shutdown();
    });
    thread_.join();
  }

  std::optional<price_tick> latest() const { return state_.latest(); }
  feed_status status() const { return state_.status(); }
  cambio::health_check health() const {
    return feed_health(state_.status(), std::chrono::system_clock::now(), settings_.max_age);
  }

 private:
  void run() {
    try {
      io_.run();
    } catch (const std::exception& e) {
      logger()->critical("BTC feed thread failed: {}; the feed has stopped", e.what());
    }
  }

  // btc_price_age_seconds keeps growing between ticks: refreshed every second (or faster when
  // the staleness bound is short, as in tests).
  void refresh_age() {
    state_.refresh_age(std::chrono::system_clock::now());
    const auto period = std::clamp<std::chrono::milliseconds>(
        settings_.max_age / 4, std::chrono::milliseconds(10), std::chrono::seconds(1));
    age_timer_.expires_after(period);
    age_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stopping_) refresh_age();
    });
  }

  const feed_settings settings_;
  asio::io_context io_;
  asio::ssl::context tls_;
  feed_state state_;
  asio::steady_timer age_timer_;
  std::optional<ws_client> ws_;
  std::optional<rest_poller> rest_;
  bool stopping_ = false;  // I/O thread only

  std::mutex lifecycle_;
  bool started_ = false;
  std::thread thread_;
};

btc_feed::btc_feed(feed_settings settings, cambio::metrics::registry& metrics, tick_handler on_tick)
    : impl_(std::make_unique<impl>(std::move(settings), metrics, std::move(on_tick))) {}

btc_feed::~btc_feed() = default;

void btc_feed::start() { impl_->start(); }
void btc_feed::stop() { impl_->stop(); }
std::optional<price_tick> btc_feed::latest() const { return impl_->latest(); }
feed_status btc_feed::status() const { return impl_->status(); }
cambio::health_check btc_feed::health() const { return impl_->health(); }

}  // namespace cambio::rates::btc
