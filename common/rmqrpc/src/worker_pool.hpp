#pragma once
// The server's handler threads: a fixed number of threads taking jobs from one queue. A job wakes
// one sleeping thread, and only when one sleeps; a busy thread takes the next job without a
// wake-up. (asio::thread_pool, used before, made two futex wake-ups per job, the second for another
// worker that found nothing to do.)

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rmqrpc::detail {

class worker_pool {
 public:
  explicit worker_pool(std::size_t threads);
  ~worker_pool();  // join()
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  // A job posted after join() never runs.
  void post(std::function<void()> job);
  // Runs the jobs already posted, then stops the threads. Idempotent.
  void join();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::size_t sleeping_ = 0;
  bool closed_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace rmqrpc::detail
