// rmqrpc's handler threads (common/rmqrpc/src/worker_pool.hpp).

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "worker_pool.hpp"

using rmqrpc::detail::worker_pool;
using namespace std::chrono_literals;

namespace {

// A count that jobs raise and tests wait on.
class tally {
 public:
  void add() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }
  bool wait_for(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

}  // namespace

TEST_CASE("jobs run on every thread of the pool at once") {
  constexpr int threads = 4;
  worker_pool pool(threads);
  tally arrived;
  std::mutex ids_mutex;
  std::set<std::thread::id> ids;
  std::atomic<int> together{0};
  for (int i = 0; i < threads; ++i) {
    pool.post([&] {
      {
        std::lock_guard lock(ids_mutex);
        ids.insert(std::this_thread::get_id());
      }
      arrived.add();
      // Each job waits for all of them: a pool that ran them one at a time would never get here.
      if (arrived.wait_for(threads, 5s)) ++together;
    });
  }
  pool.join();
  CHECK(together == threads);
  CHECK(ids.size() == threads);
}

TEST_CASE("a job posted while every thread is busy runs once one is free") {
  worker_pool pool(1);
  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  bool open = false;
  tally done;
  pool.post([&] {
    std::unique_lock lock(gate_mutex);
    gate_cv.wait(lock, [&] { return open; });
    done.add();
  });
  pool.post([&] { done.add(); });
  CHECK_FALSE(done.wait_for(1, 100ms));  // the one thread is held by the first job
  {
    std::lock_guard lock(gate_mutex);
    open = true;
  }
  gate_cv.notify_all();
  CHECK(done.wait_for(2, 5s));
}

TEST_CASE("join runs the jobs already posted, then stops the threads") {
  worker_pool pool(2);
  tally done;
  for (int i = 0; i < 1000; ++i) pool.post([&] { done.add(); });
  pool.join();
  CHECK(done.count() == 1000);
  pool.join();  // idempotent
  CHECK(done.count() == 1000);
}
