#include "cambio/fakes/fake_exchange.hpp"

#include <cctype>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "exchange_server.hpp"

namespace cambio::fakes {

class fake_exchange::impl {
 public:
  explicit impl(fake_exchange_options options)
      : options_(std::move(options)), server_(io_, options_) {}
  ~impl() { stop(); }

  void start() {
    std::lock_guard lock(lifecycle_);
    if (thread_.joinable()) return;
    port_ = server_.listen();
    server_.start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void stop() {
    std::lock_guard lock(lifecycle_);
    if (!thread_.joinable()) return;
    // With every connection closed and every timer cancelled, run() runs out of work and returns.
    asio::post(io_, [this] { server_.shutdown(); });
    thread_.join();
  }

  // Runs `f` on the I/O thread and returns its result: the server is only touched from there.
  // Before start() and after stop() nothing else touches it, so `f` runs here. The lock keeps
  // stop() from ending the I/O thread before `f` has run.
  template <class F>
  auto on_io(F f) {
    using result = std::invoke_result_t<F>;
    std::lock_guard lock(lifecycle_);
    if (!thread_.joinable()) return f();
    std::promise<result> done;
    asio::post(io_, [&] {
      try {
        if constexpr (std::is_void_v<result>) {
          f();
          done.set_value();
        } else {
          done.set_value(f());
        }
      } catch (...) {
        done.set_exception(std::current_exception());
      }
    });
    return done.get_future().get();
  }

  exchange_server& server() { return server_; }
  std::uint16_t port() const { return port_; }
  const fake_exchange_options& options() const { return options_; }

 private:
  const fake_exchange_options options_;
  asio::io_context io_;
  exchange_server server_;
  std::mutex lifecycle_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

fake_exchange::fake_exchange(fake_exchange_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {}

fake_exchange::~fake_exchange() = default;

void fake_exchange::start() { impl_->start(); }
void fake_exchange::stop() { impl_->stop(); }
std::uint16_t fake_exchange::port() const { return impl_->port(); }

std::string fake_exchange::rest_url() const {
  return "http://" + impl_->options().host + ":" + std::to_string(port());
}

std::string fake_exchange::ws_url() const {
  std::string symbol;
  for (const char c : impl_->options().symbol) {
    symbol += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return "ws://" + impl_->options().host + ":" + std::to_string(port()) + "/ws/" + symbol +
         "@trade";
}

void fake_exchange::set_price(double price) {
  impl_->on_io([&] { impl_->server().set_price(price); });
}

double fake_exchange::price() const {
  return impl_->on_io([&] { return impl_->server().price(); });
}

void fake_exchange::stall_streams() {
  impl_->on_io([&] { impl_->server().stall_streams(); });
}

void fake_exchange::send_garbage(int frames) {
  impl_->on_io([&] { impl_->server().send_garbage(frames); });
}

void fake_exchange::send_frame(const std::string& text) {
  impl_->on_io([&] { impl_->server().send_frame(text); });
}

void fake_exchange::close_streams(std::uint16_t code) {
  impl_->on_io([&] { impl_->server().close_streams(code); });
}

void fake_exchange::reset_streams() {
  impl_->on_io([&] { impl_->server().reset_streams(); });
}

void fake_exchange::fail_rest(rest_fault fault, int times, std::chrono::seconds retry_after) {
  impl_->on_io([&] { impl_->server().fail_rest(fault, times, retry_after); });
}

fake_exchange_stats fake_exchange::stats() const {
  return impl_->on_io([&] { return impl_->server().stats(); });
}

std::vector<std::chrono::steady_clock::time_point> fake_exchange::rest_request_times() const {
  return impl_->on_io([&] { return impl_->server().rest_request_times(); });
}

}  // namespace cambio::fakes
