#include "worker_pool.hpp"

#include <algorithm>

namespace rmqrpc::detail {

worker_pool::worker_pool(std::size_t threads) {
  threads_.resize(std::max<std::size_t>(threads, 1));
  for (auto& t : threads_) t = std::thread([this] { run(); });
}

worker_pool::~worker_pool() { join(); }

void worker_pool::post(std::function<void()> job) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    wake = sleeping_ > 0;
  }
  if (wake) wake_.notify_one();
}

void worker_pool::join() {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void worker_pool::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (jobs_.empty()) {
      if (closed_) return;
      ++sleeping_;
      wake_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
      --sleeping_;
      continue;
    }
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();  // the server's jobs catch what their handlers throw
    lock.lock();
  }
}

}  // namespace rmqrpc::detail
