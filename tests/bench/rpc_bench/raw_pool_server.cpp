#include "raw_pool_server.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "raw_connection.hpp"

namespace cambio::bench {
namespace {

using namespace raw;

struct job {
  std::uint64_t tag = 0;
  std::string reply_to, correlation_id, body;
  std::int64_t deadline_ms = 0;  // x-deadline (unix ms), 0 if absent
};

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t deadline_of(const amqp_basic_properties_t& p) {
  if ((p._flags & AMQP_BASIC_HEADERS_FLAG) == 0) return 0;
  for (int i = 0; i < p.headers.num_entries; ++i) {
    const auto& e = p.headers.entries[i];
    if (view(e.key) == "x-deadline" && e.value.kind == AMQP_FIELD_KIND_I64) {
      return e.value.value.i64;
    }
  }
  return 0;
}

// The contract's handler: the reply envelope for `body`, or "" when the request has expired (it
// is not executed, and nobody waits for it any more).
std::string answer(const job& j, const cambio::contracts::schema_catalog& schemas) {
  if (j.deadline_ms != 0 && j.deadline_ms <= unix_ms()) return {};
  const auto request = nlohmann::json::parse(j.body, nullptr, false);
  if (request.is_discarded()) {
    return R"({"ok":false,"error":{"code":"invalid_argument","message":"not JSON"}})";
  }
  if (const auto problems = schemas.violations("test.echo.request", request); !problems.empty()) {
    return nlohmann::json{{"ok", false},
                          {"error",
                           {{"code", "invalid_argument"},
                            {"message", "the request does not match its schema"},
                            {"details", {{"violations", problems}}}}}}
        .dump();
  }
  return nlohmann::json{{"ok", true}, {"result", {{"text", request["text"]}}}}.dump();
}

// Requests to the workers, replies back to the connection's owner.
class exchange {
 public:
  exchange() : wake_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (wake_ < 0) throw std::runtime_error("raw pool: eventfd failed");
  }
  ~exchange() { close(wake_); }
  exchange(const exchange&) = delete;
  exchange& operator=(const exchange&) = delete;

  int wake_fd() const { return wake_; }

  void to_workers(job j) {
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(j));
    }
    work_.notify_one();
  }
  // A worker's next request; false once closed.
  bool next_request(job& j) {
    std::unique_lock lock(mutex_);
    work_.wait(lock, [&] { return closed_ || !requests_.empty(); });
    if (requests_.empty()) return false;
    j = std::move(requests_.front());
    requests_.pop_front();
    return true;
  }
  void close_requests() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    work_.notify_all();
  }

  void to_owner(job j) {
    bool first;
    {
      std::lock_guard lock(mutex_);
      first = replies_.empty();
      replies_.push_back(std::move(j));
    }
    if (first) {
      const std::uint64_t one = 1;
      if (write(wake_, &one, sizeof one) != sizeof one) {
        throw std::runtime_error("raw pool: eventfd write failed");
      }
    }
  }
  // After poll() saw wake_fd() readable: resets it.
  void woken() {
    std::uint64_t count;
    (void)!read(wake_, &count, sizeof count);
  }
  std::vector<job> take_replies() {
    std::lock_guard lock(mutex_);
    std::vector<job> out;
    out.swap(replies_);
    return out;
  }

 private:
  int wake_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::deque<job> requests_;
  bool closed_ = false;
  std::vector<job> replies_;
};

void publish_reply(connection& c, const job& j) {
  amqp_basic_properties_t reply{};
  reply._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_CORRELATION_ID_FLAG;
  reply.content_type = amqp_cstring_bytes("application/json");
  reply.correlation_id = bytes(j.correlation_id);
  check_status(amqp_basic_publish(c.get(), k_channel, amqp_empty_bytes, bytes(j.reply_to), false,
                                  false, &reply, bytes(j.body)),
               "publish reply");
}

// Hands every delivery already received to the workers.
void drain(connection& c, exchange& x) {
  constexpr timeval zero{0, 0};
  amqp_envelope_t envelope;
  while (c.next(envelope, zero)) {
    const auto& p = envelope.message.properties;
    job j;
    j.tag = envelope.delivery_tag;
    if ((p._flags & AMQP_BASIC_REPLY_TO_FLAG) != 0) j.reply_to = std::string(view(p.reply_to));
    if ((p._flags & AMQP_BASIC_CORRELATION_ID_FLAG) != 0) {
      j.correlation_id = std::string(view(p.correlation_id));
    }
    j.body = std::string(view(envelope.message.body));
    j.deadline_ms = deadline_of(p);
    amqp_destroy_envelope(&envelope);
    x.to_workers(std::move(j));
  }
}

}  // namespace

void serve_pooled(const std::string& url, const std::string& queue, std::uint16_t prefetch,
                  std::size_t workers, bool contract, const std::atomic<bool>& stop,
                  std::promise<void>& ready) {
  connection c(url, "rpc_bench/raw-pool-server");
  c.consume_afresh(queue, prefetch);

  const auto& schemas = cambio::contracts::schema_catalog::embedded();
  cambio::metrics::registry metrics;
  auto& handler_time = metrics.histogram("raw_server_duration_seconds", "Handler time");
  exchange x;
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < workers; ++i) {
    pool.emplace_back([&x, &schemas, &handler_time, contract] {
      job j;
      while (x.next_request(j)) {
        if (contract) {  // the handler: the text, echoed, in the reply envelope
          const auto began = std::chrono::steady_clock::now();
          j.body = answer(j, schemas);
          if (j.body.empty()) j.reply_to.clear();  // expired: acknowledged, not answered
          handler_time.observe(
              std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
        }
        x.to_owner(std::move(j));  // without the contract, the body echoed as it came
      }
    });
  }
  const auto join = [&] {
    x.close_requests();
    for (auto& t : pool) t.join();
  };
  ready.set_value();

  try {
    pollfd fds[2] = {{amqp_get_sockfd(c.get()), POLLIN, 0}, {x.wake_fd(), POLLIN, 0}};
    while (!stop.load(std::memory_order_relaxed)) {
      drain(c, x);
      for (const auto& j : x.take_replies()) {
        if (!j.reply_to.empty()) publish_reply(c, j);
        check_status(amqp_basic_ack(c.get(), k_channel, j.tag, false), "ack");
      }
      // Data rabbitmq-c already buffered is not seen by poll(): drain() took it all above.
      if (poll(fds, 2, 50) < 0) {
        if (errno != EINTR) throw std::runtime_error("raw pool: poll failed");
        continue;
      }
      if ((fds[1].revents & POLLIN) != 0) x.woken();
    }
  } catch (...) {
    join();
    throw;
  }
  join();
}

}  // namespace cambio::bench
