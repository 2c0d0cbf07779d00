#include "cambio/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace cambio::metrics {
namespace {

void atomic_add(std::atomic<double>& a, double by) {
  double old = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(old, old + by, std::memory_order_relaxed)) {
  }
}

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_labels(const labels& l, const std::string& extra = {}) {
  if (l.empty() && extra.empty()) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : l) {
    out += (first ? "" : ",") + k + "=\"" + escape(v) + "\"";
    first = false;
  }
  if (!extra.empty()) out += (first ? "" : ",") + extra;
  return out + "}";
}

// The shortest text that reads back as the same double ("0.0005", not "0.00050000000000000001").
std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto [end, ec] = std::to_chars(std::begin(buffer), std::end(buffer), v);
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

}  // namespace

void counter::inc(double by) { atomic_add(value_, by); }
void gauge::add(double by) { atomic_add(value_, by); }

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) {
    throw std::invalid_argument("histogram bounds must be sorted");
  }
}

void histogram::observe(double value) {
  const auto i = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                          bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, value);
  count_.fetch_add(1, std::memory_order_relaxed);
}

// A scrape may see an observation in its bucket but not yet in the count; Prometheus tolerates
// that, and it is gone by the next scrape.
histogram::snapshot histogram::read() const {
  snapshot s{
      bounds_, {}, sum_.load(std::memory_order_relaxed), count_.load(std::memory_order_relaxed)};
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    s.cumulative.push_back(running += buckets_[i].load(std::memory_order_relaxed));
  }
  return s;
}

std::vector<double> latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

registry::family& registry::family_of(const std::string& name, const std::string& type,
                                      const std::string& help) {
  auto& f = families_[name];
  if (f.type.empty()) {
    f.type = type;
    f.help = help;
  } else if (f.type != type) {
    throw std::logic_error("metric " + name + " registered as " + f.type + " and " + type);
  }
  return f;
}

counter& registry::counter(const std::string& name, const std::string& help, const labels& l) {
  std::lock_guard lock(mutex_);
  auto& slot = family_of(name, "counter", help).counters[l];
  if (!slot) slot = std::make_unique<metrics::counter>();
  return *slot;
}

gauge& registry::gauge(const std::string& name, const std::string& help, const labels& l) {
  std::lock_guard lock(mutex_);
  auto& slot = family_of(name, "gauge", help).gauges[l];
  if (!slot) slot = std::make_unique<metrics::gauge>();
  return *slot;
}

histogram& registry::histogram(const std::string& name, const std::string& help, const labels& l,
                               std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  auto& slot = family_of(name, "histogram", help).histograms[l];
  if (!slot) slot = std::make_unique<metrics::histogram>(std::move(upper_bounds));
  return *slot;
}

std::string registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [l, c] : f.counters)
      out += name + format_labels(l) + " " + number(c->value()) + "\n";
    for (const auto& [l, g] : f.gauges)
      out += name + format_labels(l) + " " + number(g->value()) + "\n";
    for (const auto& [l, h] : f.histograms) {
      const auto s = h->read();
      for (std::size_t i = 0; i <= s.upper_bounds.size(); ++i) {
        const double le = i < s.upper_bounds.size() ? s.upper_bounds[i] : INFINITY;
        out += name + "_bucket" + format_labels(l, "le=\"" + number(le) + "\"") + " " +
               std::to_string(s.cumulative[i]) + "\n";
      }
      out += name + "_sum" + format_labels(l) + " " + number(s.sum) + "\n";
      out += name + "_count" + format_labels(l) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace cambio::metrics
