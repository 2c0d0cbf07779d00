#include "rmqrpc_echo.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace cambio::bench {
namespace {

constexpr std::string_view k_queue = "test.echo";

rmqrpc::connection_settings connection_to(const std::string& url, std::string name) {
  rmqrpc::connection_settings c;
  c.url = url;
  c.name = std::move(name);
  return c;
}

// Keeps s.in_flight calls going through call_async: each completion (on the client's I/O thread)
// records its latency and, while the window is open, starts the next call. Shared with the
// callbacks, so that a call completing late (the client failing it on shutdown) finds it alive.
class load : public std::enable_shared_from_this<load> {
 public:
  load(rmqrpc::client& client, const scenario& s)
      : client_(client), text_(s.text), recorder_(measure_window::from_now(s.warmup, s.length)) {}

  summary run(const scenario& s) {
    for (std::size_t i = 0; i < s.in_flight; ++i) call();
    const auto give_up =
        recorder_.window().end + std::chrono::duration_cast<steady::duration>(s.drain);
    std::unique_lock lock(mutex_);
    if (!drained_.wait_until(lock, give_up, [&] { return outstanding_ == 0; })) {
      throw std::runtime_error("rmqrpc echo: " + std::to_string(outstanding_) +
                               " calls still in flight long after the window closed");
    }
    return recorder_.summarize();  // every completion happened before outstanding_ reached 0
  }

 private:
  void call() {
    {
      std::lock_guard lock(mutex_);
      ++outstanding_;
    }
    const auto started = steady::now();
    client_.call_async(k_queue, nlohmann::json{{"text", text_}}, {},
                       [self = shared_from_this(), started](rmqrpc::outcome o) {
                         self->done(started, std::move(o));
                       });
  }

  // On the client's I/O thread: the recorder is touched only here.
  void done(steady::time_point started, rmqrpc::outcome o) {
    const auto now = steady::now();
    const auto* text = o.ok() && o.result.is_object() && o.result.contains("text")
                           ? o.result["text"].get_ptr<const std::string*>()
                           : nullptr;
    if (text != nullptr && *text == text_) {
      recorder_.completed(started, now);
    } else {
      recorder_.failed();
    }
    if (now < recorder_.window().end) call();
    std::lock_guard lock(mutex_);
    if (--outstanding_ == 0) drained_.notify_all();
  }

  rmqrpc::client& client_;
  std::string text_;
  latency_recorder recorder_;
  std::mutex mutex_;
  std::condition_variable drained_;
  std::size_t outstanding_ = 0;  // guarded by mutex_
};

}  // namespace

summary run_rmqrpc_echo(const scenario& s, const rmqrpc_tuning& tuning) {
  metrics::registry server_metrics;
  metrics::registry client_metrics;
  rmqrpc::client nested({connection_to(s.url, "rpc_bench-server"), std::chrono::seconds(5)},
                        server_metrics);
  rmqrpc::server_settings settings;
  settings.connection = connection_to(s.url, "rpc_bench-server");
  settings.workers = tuning.workers;
  settings.prefetch = s.server_prefetch();
  rmqrpc::server server(settings, nested, server_metrics, &contracts::schema_catalog::embedded());
  server.handle(std::string(k_queue), [](const rmqrpc::request& r) {
    return nlohmann::json{{"text", r.params()["text"]}};
  });
  server.start();

  rmqrpc::client client({connection_to(s.url, "rpc_bench-client"), std::chrono::seconds(5)},
                        client_metrics);
  if (!client.wait_connected(std::chrono::seconds(10))) {
    throw std::runtime_error("rmqrpc echo: the client could not connect to the broker");
  }
  const bool serving = testing::eventually([&] {
    try {
      client.call(k_queue, {{"text", "ping"}}, {.timeout = std::chrono::milliseconds(500)});
      return true;
    } catch (const rmqrpc::error&) {
      return false;
    }
  });
  if (!serving) throw std::runtime_error("rmqrpc echo: the server did not come up");

  auto result = std::make_shared<load>(client, s)->run(s);
  server.stop();
  return result;
}

}  // namespace cambio::bench
