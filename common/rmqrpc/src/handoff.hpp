#pragma once
// Items handed from any thread to a link's I/O thread, taken there in batches. `push` says when
// the batch went from empty to not empty: only then does the caller wake the I/O thread, so a
// burst costs one wake-up, and the I/O thread `take`s everything that waited.

#include <mutex>
#include <utility>
#include <vector>

namespace rmqrpc::detail {

template <typename T>
class handoff {
 public:
  // True when this item starts a batch: the caller then posts the batch's handling.
  bool push(T item) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(item));
    return items_.size() == 1;
  }

  std::vector<T> take() {
    std::vector<T> batch;
    std::lock_guard lock(mutex_);
    batch.swap(items_);
    return batch;
  }

 private:
  std::mutex mutex_;
  std::vector<T> items_;
};

}  // namespace rmqrpc::detail
