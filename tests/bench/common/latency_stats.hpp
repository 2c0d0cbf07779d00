#pragma once
// The measured window of one scenario and the per-call latencies recorded in it → calls/s, p50,
// p99.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cambio::bench {

using steady = std::chrono::steady_clock;

// Calls completing in [begin, end) count; the ones before are the warm-up, the ones after the
// drain.
struct measure_window {
  steady::time_point begin;
  steady::time_point end;

  // A window that opens `warmup` from now and stays open `length`.
  static measure_window from_now(std::chrono::duration<double> warmup,
                                 std::chrono::duration<double> length) {
    const auto begin = steady::now() + std::chrono::duration_cast<steady::duration>(warmup);
    return {begin, begin + std::chrono::duration_cast<steady::duration>(length)};
  }
  bool contains(steady::time_point t) const { return t >= begin && t < end; }
  double seconds() const { return std::chrono::duration<double>(end - begin).count(); }
};

// The figures of one scenario.
struct summary {
  std::uint64_t calls = 0;     // successful calls completed in the window
  std::uint64_t failures = 0;  // failed calls (whole run, warm-up included)
  double cps = 0;              // calls per second
  double p50_ms = 0;
  double p99_ms = 0;
};

// Nearest-rank percentile (q in [0, 1]) of sorted samples.
inline std::int64_t percentile(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.5);
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Per-call latencies of one window. Not thread-safe: owned by the thread that completes the calls.
class latency_recorder {
 public:
  explicit latency_recorder(measure_window window) : window_(window) { samples_.reserve(1 << 16); }

  const measure_window& window() const { return window_; }

  // Records a call that started at `started` and completed at `done` if `done` is in the window.
  void completed(steady::time_point started, steady::time_point done) {
    if (window_.contains(done)) samples_.push_back((done - started).count());
  }
  void failed() { ++failures_; }

  summary summarize() const {
    auto sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    const auto ms = [](std::int64_t ticks) {
      return std::chrono::duration<double, std::milli>(steady::duration(ticks)).count();
    };
    summary s;
    s.calls = sorted.size();
    s.failures = failures_;
    s.cps = static_cast<double>(sorted.size()) / window_.seconds();
    s.p50_ms = ms(percentile(sorted, 0.50));
    s.p99_ms = ms(percentile(sorted, 0.99));
    return s;
  }

 private:
  measure_window window_;
  std::vector<std::int64_t> samples_;  // steady-clock ticks
  std::uint64_t failures_ = 0;
};

}  // namespace cambio::bench
