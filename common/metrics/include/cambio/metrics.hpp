#pragma once
// A small Prometheus metrics registry: counters, gauges and histograms with labels, rendered in the
// text exposition format on each service's admin port (/metrics).
//
//   auto& calls = registry.counter("rmqrpc_client_calls_total", "Calls made", {{"queue", q}});
//   calls.inc();
// Look-ups take a lock; keep the returned reference (it stays valid for the registry's lifetime).

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cambio::metrics {

using labels = std::map<std::string, std::string>;

class counter {
 public:
  void inc(double by = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double by);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class histogram {
 public:
  explicit histogram(std::vector<double> upper_bounds);
  void observe(double value);
  struct snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  snapshot read() const;

 private:
  // Lock-free: handlers on many threads observe into the same histogram on every request.
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, then +Inf (not cumulative)
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

// Latency buckets in seconds, from 0.5 ms to 10 s.
std::vector<double> latency_buckets();

class registry {
 public:
  metrics::counter& counter(const std::string& name, const std::string& help, const labels& l = {});
  metrics::gauge& gauge(const std::string& name, const std::string& help, const labels& l = {});
  metrics::histogram& histogram(const std::string& name, const std::string& help,
                                const labels& l = {},
                                std::vector<double> upper_bounds = latency_buckets());
  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct family {
    std::string type;
    std::string help;
    std::map<labels, std::unique_ptr<metrics::counter>> counters;
    std::map<labels, std::unique_ptr<metrics::gauge>> gauges;
    std::map<labels, std::unique_ptr<metrics::histogram>> histograms;
  };
  family& family_of(const std::string& name, const std::string& type, const std::string& help);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
};

}  // namespace cambio::metrics
