#include <catch2/catch.hpp>

#include <stdexcept>

#include "cambio/metrics.hpp"

TEST_CASE("counters and gauges render with HELP, TYPE and their labels") {
  cambio::metrics::registry registry;
  registry.counter("calls_total", "Calls made", {{"queue", "rates.convert"}}).inc();
  registry.counter("calls_total", "Calls made", {{"queue", "rates.convert"}}).inc(2);
  registry.gauge("in_flight", "Requests being handled").set(4);

  CHECK(registry.render() ==
        "# HELP calls_total Calls made\n"
        "# TYPE calls_total counter\n"
        "calls_total{queue=\"rates.convert\"} 3\n"
        "# HELP in_flight Requests being handled\n"
        "# TYPE in_flight gauge\n"
        "in_flight 4\n");
}

TEST_CASE("histogram buckets are cumulative, bounds inclusive, ending with +Inf") {
  cambio::metrics::registry registry;
  auto& h = registry.histogram("latency_seconds", "Latency", {{"queue", "q"}}, {1, 5});
  for (double v : {0.5, 1.0, 3.0, 10.0}) h.observe(v);

  CHECK(registry.render() ==
        "# HELP latency_seconds Latency\n"
        "# TYPE latency_seconds histogram\n"
        "latency_seconds_bucket{queue=\"q\",le=\"1\"} 2\n"
        "latency_seconds_bucket{queue=\"q\",le=\"5\"} 3\n"
        "latency_seconds_bucket{queue=\"q\",le=\"+Inf\"} 4\n"
        "latency_seconds_sum{queue=\"q\"} 14.5\n"
        "latency_seconds_count{queue=\"q\"} 4\n");
}

TEST_CASE("label values escape backslash, quote and newline") {
  cambio::metrics::registry registry;
  registry.counter("odd_total", "Odd labels", {{"v", "a\"b\\c\nd"}}).inc();
  CHECK_THAT(registry.render(), Catch::Contains("odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST_CASE("a name registered with two types is a programming error") {
  cambio::metrics::registry registry;
  registry.counter("things", "Things");
  CHECK_THROWS_AS(registry.gauge("things", "Things"), std::logic_error);
}

TEST_CASE("histogram bounds must be sorted") {
  CHECK_THROWS_AS(cambio::metrics::histogram({5, 1}), std::invalid_argument);
}
