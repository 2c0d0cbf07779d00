// DESIGN.md "The wire", guarantees 1-4, 6 and 7, against the real test broker.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <future>
#include <mutex>
#include <set>

#include "cambio/testing/raw_amqp.hpp"
#include "echo_fixture.hpp"

using namespace std::chrono_literals;
using cambio::testing::echo_fixture;
using cambio::testing::error_of;
using rmqrpc::errc;

namespace {

// Remembers what each executed request looked like, by text.
struct journal {
  std::mutex mutex;
  std::map<std::string, rmqrpc::clock::time_point> deadlines;
  std::map<std::string, std::string> request_ids;
  std::map<std::string, std::string> callers;

  void note(const rmqrpc::request& r) {
    std::lock_guard lock(mutex);
    const auto text = r.params()["text"].get<std::string>();
    deadlines[text] = r.deadline();
    request_ids[text] = r.request_id();
    callers[text] = r.caller();
  }
  bool saw(const std::string& text) {
    std::lock_guard lock(mutex);
    return deadlines.count(text) != 0;
  }
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("a call returns the handler's result with the request id and caller carried along") {
  echo_fixture f;
  journal j;
  f.server.handle("test.echo", [&](const rmqrpc::request& r) {
    j.note(r);
    return cambio::testing::echo(r);
  });
  f.start();
  const auto reply = f.client.call("test.echo", {{"text", "héllo"}}, {.request_id = "req-42"});
  CHECK(reply == nlohmann::json{{"text", "héllo"}});
  CHECK(j.request_ids["héllo"] == "req-42");
  CHECK(j.callers["héllo"] == "test-client");
}

TEST_CASE("handler errors arrive as error replies with code, message and details") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  const auto e = error_of([&] {
    f.client.call("test.echo", {{"text", "x"}, {"fail", "not_found"}});
  });
  CHECK(e.code() == errc::not_found);
  CHECK(std::string(e.what()) == "asked to fail");
  CHECK(e.details() == nlohmann::json{{"asked", "not_found"}});
  CHECK_FALSE(e.details().contains("transport"));
}

TEST_CASE("a handler that throws gives `internal` and the server keeps serving") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  for (int i = 0; i < 3; ++i) {
    const auto e = error_of([&] {
      f.client.call("test.echo", {{"text", "x"}, {"fail", "throw"}});
    });
    CHECK(e.code() == errc::internal);
    CHECK(std::string(e.what()).find("blew up") == std::string::npos);  // internals stay inside
  }
  CHECK(f.client.call("test.echo", {{"text", "still here"}})["text"] == "still here");
}

TEST_CASE("a request that violates its schema gets `invalid_argument` naming the violation") {
  echo_fixture f;
  bool ran = false;
  f.server.handle("test.echo", [&](const rmqrpc::request& r) {
    ran = true;
    return cambio::testing::echo(r);
  });
  f.start();
  ran = false;
  const auto e = error_of([&] { f.client.call("test.echo", {{"text", 12}}); });
  CHECK(e.code() == errc::invalid_argument);
  CHECK(std::string(e.what()).find("text") != std::string::npos);
  REQUIRE(e.details().contains("violations"));
  CHECK_FALSE(e.details()["violations"].empty());
  const auto extra = error_of([&] { f.client.call("test.echo", {{"text", "a"}, {"bogus", 1}}); });
  CHECK(extra.code() == errc::invalid_argument);
  CHECK_FALSE(ran);
}

TEST_CASE("malformed JSON from a foreign client with a reply-to gets `invalid_argument`") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  cambio::testing::raw_amqp raw(f.vhost.amqp_url());
  raw.consume_replies();
  raw.publish("test.echo", "{not json", "corr-1", true);
  const auto reply = raw.next_message(5s);
  REQUIRE(reply);
  CHECK(reply->correlation_id == "corr-1");
  const auto body = nlohmann::json::parse(reply->body);
  CHECK(body["ok"] == false);
  CHECK(body["error"]["code"] == "invalid_argument");
}

TEST_CASE("malformed JSON published by amqp-publish (no reply-to) lands in the dead-letter queue") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  const auto command = "amqp-publish --url='" + f.vhost.amqp_url() +
                       "' --routing-key=test.echo --content-type=application/json "
                       "--body='this is not json' >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  cambio::testing::raw_amqp raw(f.vhost.amqp_url());
  std::optional<cambio::testing::raw_amqp::message> dead;
  CHECK(cambio::testing::eventually([&] { return (dead = raw.get("test.echo.dlq")).has_value(); }));
  REQUIRE(dead);
  CHECK(dead->body == "this is not json");
  CHECK(dead->headers["x-cambio-dead-reason"] == "malformed");
  CHECK(dead->headers["x-cambio-original-queue"] == "test.echo");
  // The server goes on serving.
  CHECK(f.client.call("test.echo", {{"text", "ok"}})["text"] == "ok");
}

TEST_CASE("a call to a queue that does not exist fails with `unavailable` at once") {
  echo_fixture f;  // no handlers: nothing declares the queue; the client is connected
  const auto began = std::chrono::steady_clock::now();
  const auto e = error_of([&] {
    f.client.call("test.nobody.home", {{"text", "x"}}, {.timeout = 5s});
  });
  CHECK(e.code() == errc::unavailable);
  CHECK(std::string(e.what()).find("no queue 'test.nobody.home'") != std::string::npos);
  CHECK(e.details()["transport"] == true);
  CHECK(seconds_since(began) < 0.5);
}

TEST_CASE("every call has a deadline: a slow handler gives `deadline_exceeded` on time") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  const auto began = std::chrono::steady_clock::now();
  const auto e = error_of([&] {
    f.client.call("test.echo", {{"text", "slow"}, {"sleep_ms", 2000}}, {.timeout = 300ms});
  });
  CHECK(e.code() == errc::deadline_exceeded);
  CHECK(seconds_since(began) >= 0.29);
  CHECK(seconds_since(began) < 1.0);
}

TEST_CASE("a nested call inherits the deadline and the request id") {
  echo_fixture f;
  journal j;
  f.server.handle("test.echo", [&](const rmqrpc::request& r) {
    j.note(r);
    if (r.params()["text"] == "outer") return r.call("test.echo", {{"text", "inner"}});
    return cambio::testing::echo(r);
  });
  f.start();
  const auto reply =
      f.client.call("test.echo", {{"text", "outer"}}, {.timeout = 3s, .request_id = "rid-7"});
  CHECK(reply["text"] == "inner");
  const auto skew = std::chrono::duration_cast<std::chrono::milliseconds>(j.deadlines["inner"] -
                                                                          j.deadlines["outer"]);
  CHECK(std::abs(skew.count()) <= 1);  // carried as unix milliseconds
  CHECK(j.request_ids["inner"] == "rid-7");
  CHECK(j.callers["inner"] == "test-server");
}

TEST_CASE("a nested call cannot outlive its parent's deadline") {
  echo_fixture f;
  std::promise<std::pair<std::string, double>> inner;  // the inner call's outcome and duration
  f.server.handle("test.echo", [&](const rmqrpc::request& r) -> nlohmann::json {
    if (r.params()["text"] == "outer") {
      const auto began = std::chrono::steady_clock::now();
      try {
        // Asks for 10 s, but the parent's deadline (600 ms) is what counts.
        r.call("test.echo", {{"text", "inner"}, {"sleep_ms", 3000}}, {.timeout = 10s});
        inner.set_value({"ok", seconds_since(began)});
      } catch (const rmqrpc::error& e) {
        inner.set_value({std::string(rmqrpc::to_string(e.code())), seconds_since(began)});
      }
    }
    return cambio::testing::echo(r);
  });
  f.start();
  auto outer = f.client.call_async("test.echo", {{"text", "outer"}}, {.timeout = 600ms});
  auto future = inner.get_future();
  REQUIRE(future.wait_for(5s) == std::future_status::ready);
  const auto [code, took] = future.get();
  CHECK(code == "deadline_exceeded");
  CHECK(took < 1.0);
  // The outer caller hears by its own deadline, one way or the other.
  CHECK(outer.wait_for(2s) == std::future_status::ready);
}

TEST_CASE("a request whose deadline passed while it waited is not executed") {
  echo_fixture f(/*url=*/{}, /*workers=*/1);
  journal j;
  f.server.handle("test.echo", [&](const rmqrpc::request& r) {
    j.note(r);
    return cambio::testing::echo(r);
  });
  f.start();
  // The only worker is busy for 800 ms; the second request expires in the worker queue.
  auto busy = f.client.call_async("test.echo", {{"text", "busy"}, {"sleep_ms", 800}});
  std::this_thread::sleep_for(100ms);
  const auto e = error_of([&] {
    f.client.call("test.echo", {{"text", "late"}}, {.timeout = 200ms});
  });
  CHECK(e.code() == errc::deadline_exceeded);
  CHECK(busy.get()["text"] == "busy");
  CHECK(f.client.call("test.echo", {{"text", "after"}})["text"] == "after");
  CHECK_FALSE(j.saw("late"));
  CHECK(f.server_metrics.render().find("rmqrpc_server_expired_total{queue=\"test.echo\"} 1") !=
        std::string::npos);
}

TEST_CASE("a request that expires in its queue while no server runs is never executed") {
  cambio::testing::scoped_vhost vhost;
  journal j;
  {
    echo_fixture first(vhost.amqp_url());
    first.server.handle("test.echo", cambio::testing::echo);
    first.start();  // declares the durable queue
  }
  {
    echo_fixture caller(vhost.amqp_url());
    const auto e = error_of([&] {
      caller.client.call("test.echo", {{"text", "orphan"}}, {.timeout = 200ms});
    });
    CHECK(e.code() == errc::deadline_exceeded);
  }
  std::this_thread::sleep_for(300ms);
  echo_fixture second(vhost.amqp_url());
  second.server.handle("test.echo", [&](const rmqrpc::request& r) {
    j.note(r);
    return cambio::testing::echo(r);
  });
  second.start();
  CHECK(second.client.call("test.echo", {{"text", "fresh"}})["text"] == "fresh");
  CHECK_FALSE(j.saw("orphan"));
}

TEST_CASE("handlers run on the worker pool, not on the consuming thread") {
  constexpr int k_workers = 4;
  echo_fixture f(/*url=*/{}, k_workers);
  std::mutex mutex;
  std::condition_variable all_inside;
  int inside = 0;
  f.server.handle("test.echo", [&](const rmqrpc::request& r) -> nlohmann::json {
    if (r.params()["text"] != "gather") return cambio::testing::echo(r);
    std::unique_lock lock(mutex);
    ++inside;
    all_inside.notify_all();
    const bool met = all_inside.wait_for(lock, 5s, [&] { return inside >= k_workers; });
    return {{"text", met ? "met" : "alone"}};
  });
  f.start();
  std::vector<std::future<nlohmann::json>> calls;
  for (int i = 0; i < k_workers; ++i)
    calls.push_back(f.client.call_async("test.echo", {{"text", "gather"}}));
  for (auto& c : calls) CHECK(c.get()["text"] == "met");
}

TEST_CASE("heartbeats are serviced while a handler runs longer than the heartbeat timeout") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  // Heartbeat is 2 s in the fixture: a 5 s handler spans more than two heartbeat periods.
  const auto reply =
      f.client.call("test.echo", {{"text", "long"}, {"sleep_ms", 5000}}, {.timeout = 8s});
  CHECK(reply["text"] == "long");
  CHECK(f.server_metrics.render().find("rmqrpc_reconnects_total{link=\"server\"} 0") !=
        std::string::npos);
  CHECK(f.client_metrics.render().find("rmqrpc_reconnects_total{link=\"client\"} 0") !=
        std::string::npos);
}

TEST_CASE("graceful stop finishes the calls in flight and publishes their replies") {
  echo_fixture f;
  std::atomic<int> started{0};
  f.server.handle("test.echo", [&](const rmqrpc::request& r) {
    ++started;
    return cambio::testing::echo(r);
  });
  f.start();
  started = 0;
  std::vector<std::future<nlohmann::json>> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(
        f.client.call_async("test.echo", {{"text", "t" + std::to_string(i)}, {"sleep_ms", 700}}));
  }
  REQUIRE(cambio::testing::eventually([&] { return started == 3; }));
  f.server.stop();
  for (int i = 0; i < 3; ++i) CHECK(calls[i].get()["text"] == "t" + std::to_string(i));
  // Stopped means stopped: nothing serves the queue any more.
  const auto e = error_of([&] { f.client.call("test.echo", {{"text", "x"}}, {.timeout = 300ms}); });
  CHECK(e.code() == errc::deadline_exceeded);
}

TEST_CASE("events reach durable subscribers, also when published while the subscriber was down") {
  cambio::testing::scoped_vhost vhost;
  std::mutex mutex;
  std::set<int> seen;
  const auto subscriber = [&](echo_fixture& f) {
    f.server.subscribe("test.sub.happened", "test.happened", [&](const rmqrpc::request& r) {
      std::lock_guard lock(mutex);
      seen.insert(r.params()["n"].get<int>());
    });
  };
  {
    echo_fixture first(vhost.amqp_url());
    subscriber(first);
    first.server.handle("test.echo", cambio::testing::echo);
    first.start();
    first.client.publish("test.happened", {{"n", 1}});
    CHECK(cambio::testing::eventually([&] {
      std::lock_guard l(mutex);
      return seen.count(1) == 1;
    }));
  }
  echo_fixture publisher(vhost.amqp_url());
  publisher.client.publish("test.happened", {{"n", 2}});  // no subscriber running
  echo_fixture second(vhost.amqp_url());
  subscriber(second);
  second.server.start();
  CHECK(cambio::testing::eventually([&] {
    std::lock_guard l(mutex);
    return seen.count(2) == 1;
  }));
}

TEST_CASE("an event whose handler keeps failing is dead-lettered after the delivery limit") {
  echo_fixture f;
  std::atomic<int> attempts{0};
  f.server.subscribe("test.sub.failing", "test.happened", [&](const rmqrpc::request&) {
    ++attempts;
    throw std::runtime_error("cannot handle this");
  });
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  f.client.publish("test.happened", {{"n", 7}});
  cambio::testing::raw_amqp raw(f.vhost.amqp_url());
  std::optional<cambio::testing::raw_amqp::message> dead;
  CHECK(cambio::testing::eventually(
      [&] { return (dead = raw.get("test.sub.failing.dlq")).has_value(); }));
  REQUIRE(dead);
  CHECK(nlohmann::json::parse(dead->body)["n"] == 7);
  CHECK(dead->headers["x-cambio-dead-reason"] == "delivery_limit");
  CHECK(attempts == 3);
}

TEST_CASE("a broadcast subscription gives every instance every event, a failure drops it") {
  cambio::testing::scoped_vhost vhost;
  std::mutex mutex;
  std::multiset<std::string> seen;  // "<instance>:<n>"
  std::atomic<int> failures{0};
  const auto subscriber = [&](echo_fixture& f, std::string name) {
    f.server.subscribe("test.cache.happened", "test.happened",
                       [&, name](const rmqrpc::request& r) {
                         const int n = r.params()["n"].get<int>();
                         if (n == 13) {
                           ++failures;
                           throw std::runtime_error("unlucky");
                         }
                         std::lock_guard lock(mutex);
                         seen.insert(name + ":" + std::to_string(n));
                       },
                       {.broadcast = true});
    f.server.handle("test.echo", cambio::testing::echo);
  };
  echo_fixture a(vhost.amqp_url());
  echo_fixture b(vhost.amqp_url());
  subscriber(a, "a");
  subscriber(b, "b");
  CHECK(b.server.connection_number() == 0);  // not started: no subscription to trust
  a.start();
  b.server.start();
  REQUIRE(b.server.wait_connected(10s));  // its queue is bound once it is connected
  CHECK(b.server.connection_number() != 0);
  a.client.publish("test.happened", {{"n", 13}});
  a.client.publish("test.happened", {{"n", 1}});
  CHECK(cambio::testing::eventually([&] {
    std::lock_guard l(mutex);
    return seen.count("a:1") == 1 && seen.count("b:1") == 1;
  }));
  CHECK(failures == 2);  // once per instance: dropped, not retried
  // Private queues: nothing durable named after the subscription, no dead-letter queue.
  CHECK_THROWS(
      cambio::testing::management_get("/api/queues/" + vhost.name() + "/test.cache.happened.dlq"));
}

TEST_CASE("per-queue counters and latency histograms are exposed in Prometheus text") {
  echo_fixture f;
  f.server.handle("test.echo", cambio::testing::echo);
  f.start();
  f.client.call("test.echo", {{"text", "a"}});
  error_of([&] { f.client.call("test.echo", {{"text", "b"}, {"fail", "conflict"}}); });
  const auto server = f.server_metrics.render();
  CHECK(server.find("rmqrpc_server_requests_total{outcome=\"conflict\",queue=\"test.echo\"} 1") !=
        std::string::npos);
  CHECK(server.find("rmqrpc_server_duration_seconds_count{queue=\"test.echo\"}") !=
        std::string::npos);
  const auto client = f.client_metrics.render();
  CHECK(client.find("rmqrpc_client_calls_total{outcome=\"conflict\",queue=\"test.echo\"} 1") !=
        std::string::npos);
  CHECK(client.find("rmqrpc_client_duration_seconds_bucket{queue=\"test.echo\",le=\"+Inf\"}") !=
        std::string::npos);
  const auto stats = f.server.stats();
  REQUIRE(stats.size() == 1);
  CHECK(stats[0].failed == 1);
  CHECK(stats[0].handled >= 2);
}

TEST_CASE(
    "a topology the broker refuses keeps the server backing off, not reconnecting in a loop") {
  cambio::testing::scoped_vhost vhost;
  cambio::testing::raw_amqp(vhost.amqp_url()).declare_queue("test.echo", "quorum");  // not ours
  cambio::metrics::registry metrics;
  rmqrpc::client client({cambio::testing::fast_reconnect(vhost.amqp_url(), "test-client"), 5s},
                        metrics);
  rmqrpc::server_settings settings;
  settings.connection = cambio::testing::fast_reconnect(vhost.amqp_url(), "test-server");
  settings.connection.reconnect_min = 200ms;  // each delay is drawn from [100 ms, cap]
  settings.connection.reconnect_max = 1000ms;
  rmqrpc::server server(settings, client, metrics, &cambio::contracts::schema_catalog::embedded());
  server.handle("test.echo", cambio::testing::echo);
  server.start();
  std::this_thread::sleep_for(3s);
  CHECK_FALSE(server.connected());
  const std::string key = "rmqrpc_connect_failures_total{link=\"server\"} ";
  const auto text = metrics.render();
  const auto at = text.find(key);
  REQUIRE(at != std::string::npos);
  const auto failures = std::stod(text.substr(at + key.size()));
  // About 8 attempts are expected in 3 s with this backoff (30 at the very most); a reconnect loop
  // makes one every 50-70 ms.
  CHECK(failures >= 2);
  CHECK(failures <= 20);
}
