#include "rmqrpc_load.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "cambio/testing/infra.hpp"

namespace cambio::bench {
namespace {

// Keeps spec.in_flight calls going through call_async: each completion (on the client's I/O
// thread) records its latency and, while the window is open, starts the next call. Shared with the
// callbacks, so that a call completing late (the client failing it on shutdown) finds it alive.
class load : public std::enable_shared_from_this<load> {
 public:
  load(rmqrpc::client& client, const load_spec& spec)
      : client_(client),
        spec_(spec),
        recorder_(measure_window::from_now(spec.warmup, spec.length)) {}

  summary run() {
    for (std::size_t i = 0; i < spec_.in_flight; ++i) {
      std::lock_guard lock(mutex_);  // next_params is never called concurrently
      call();
    }
    const auto give_up =
        recorder_.window().end + std::chrono::duration_cast<steady::duration>(spec_.drain);
    std::unique_lock lock(mutex_);
    if (!drained_.wait_until(lock, give_up, [&] { return outstanding_ == 0; })) {
      throw std::runtime_error(spec_.queue + ": " + std::to_string(outstanding_) +
                               " calls still in flight long after the window closed");
    }
    return recorder_.summarize();  // every completion happened before outstanding_ reached 0
  }

 private:
  // With mutex_ held.
  void call() {
    ++outstanding_;
    const auto started = steady::now();
    client_.call_async(spec_.queue, spec_.next_params(), {},
                       [self = shared_from_this(), started](rmqrpc::outcome o) {
                         self->done(started, std::move(o));
                       });
  }

  // On the client's I/O thread: the recorder is touched only here.
  void done(steady::time_point started, rmqrpc::outcome o) {
    const auto now = steady::now();
    if (o.ok() && spec_.accept(o.result)) {
      recorder_.completed(started, now);
    } else {
      recorder_.failed();
    }
    std::lock_guard lock(mutex_);
    if (now < recorder_.window().end) call();
    if (--outstanding_ == 0) drained_.notify_all();
  }

  rmqrpc::client& client_;
  const load_spec spec_;  // a copy: a late completion after a failed drain still finds it
  latency_recorder recorder_;
  std::mutex mutex_;
  std::condition_variable drained_;
  std::size_t outstanding_ = 0;  // guarded by mutex_
};

}  // namespace

summary drive_load(rmqrpc::client& client, const load_spec& spec) {
  return std::make_shared<load>(client, spec)->run();
}

bool wait_until_served(rmqrpc::client& client, const std::string& queue,
                       const nlohmann::json& probe) {
  return testing::eventually([&] {
    try {
      client.call(queue, probe, {.timeout = std::chrono::milliseconds(500)});
      return true;
    } catch (const rmqrpc::error&) {
      return false;
    }
  });
}

}  // namespace cambio::bench
