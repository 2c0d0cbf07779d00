// The hand-over of items to a link's I/O thread in batches (common/rmqrpc/src/handoff.hpp).

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "handoff.hpp"

using rmqrpc::detail::handoff;

TEST_CASE("only the item that starts a batch asks for a wake-up") {
  handoff<std::string> h;
  CHECK(h.push("a"));
  CHECK_FALSE(h.push("b"));
  CHECK_FALSE(h.push("c"));
  CHECK(h.take() == std::vector<std::string>{"a", "b", "c"});
  CHECK(h.take().empty());
  CHECK(h.push("d"));  // a new batch
  CHECK(h.take() == std::vector<std::string>{"d"});
}

TEST_CASE("items pushed from many threads are each taken once, in batches that each asked once") {
  handoff<int> h;
  constexpr int k_threads = 8;
  constexpr int k_each = 10000;
  std::atomic<int> wake_ups{0};
  std::atomic<bool> pushing{true};
  std::vector<int> taken;
  int batches = 0;
  std::thread taker([&] {
    while (true) {
      const bool last = !pushing.load();
      auto batch = h.take();
      if (!batch.empty()) ++batches;
      taken.insert(taken.end(), batch.begin(), batch.end());
      if (last) break;
    }
  });
  std::vector<std::thread> pushers;
  for (int t = 0; t < k_threads; ++t) {
    pushers.emplace_back([&, t] {
      for (int i = 0; i < k_each; ++i) {
        if (h.push(t * k_each + i)) ++wake_ups;
      }
    });
  }
  for (auto& p : pushers) p.join();
  pushing = false;
  taker.join();
  std::sort(taken.begin(), taken.end());
  REQUIRE(taken.size() == k_threads * k_each);
  for (int i = 0; i < k_threads * k_each; ++i) REQUIRE(taken[i] == i);
  CHECK(wake_ups.load() == batches);  // every non-empty batch was started by exactly one push
}
