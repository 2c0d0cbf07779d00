// The cambioctl binary against a real broker (a fresh vhost per test): exit codes of `call`,
// `health` with nothing running, `queues`, and the dead-letter round trip list → replay → purge.

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambioctl/urls.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace {

using cambio::testing::infra;
using cambio::testing::scoped_vhost;
using nlohmann::json;
namespace fs = std::filesystem;

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built cambioctl against the vhost, with no stack.env in the way.
run_result cambioctl(const scoped_vhost& vhost, const std::vector<std::string>& args) {
  const auto err_file =
      fs::temp_directory_path() / ("cambioctl-err-" + cambio::testing::unique_name("e"));
  std::string command =
      "env CAMBIO_STACK_ENV=/dev/null CAMBIO_AMQP_URL=" +
      cambio::testing::shell_quote(vhost.amqp_url()) +
      " CAMBIO_MGMT_URL=" + cambio::testing::shell_quote(infra::get().mgmt_url) + " " +
      cambio::testing::shell_quote((fs::path(cambio::testing::bin_dir()) / "cambioctl").string());
  for (const auto& a : args) command += " " + cambio::testing::shell_quote(a);
  command += " 2>" + cambio::testing::shell_quote(err_file.string());
  run_result result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    result.out.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::ostringstream err;
  err << in.rdbuf();
  result.err = err.str();
  fs::remove(err_file);
  return result;
}

// The management API of the test broker, in the test's vhost.
class management {
 public:
  explicit management(const scoped_vhost& vhost)
      : endpoint_(cambio::cambioctl::parse_http_url(infra::get().mgmt_url)),
        vhost_(cambio::cambioctl::percent_encode(vhost.name())) {}

  void declare(const std::string& queue) {
    auto c = client();
    const auto r =
        c.Put("/api/queues/" + vhost_ + "/" + queue, R"({"durable":true})", "application/json");
    REQUIRE(r);
    REQUIRE(r->status / 100 == 2);
  }

  void publish(const std::string& queue, const std::string& body, const json& properties) {
    auto c = client();
    const json message{{"properties", properties},
                       {"routing_key", queue},
                       {"payload", body},
                       {"payload_encoding", "string"}};
    const auto r = c.Post("/api/exchanges/" + vhost_ + "/amq.default/publish", message.dump(),
                          "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    REQUIRE(json::parse(r->body)["routed"] == true);
  }

  // The messages of `queue`, left in place.
  json peek(const std::string& queue) {
    auto c = client();
    const json request{{"count", 100}, {"ackmode", "ack_requeue_true"}, {"encoding", "auto"}};
    const auto r =
        c.Post("/api/queues/" + vhost_ + "/" + queue + "/get", request.dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  }

 private:
  httplib::Client client() {
    httplib::Client c(endpoint_.origin());
    c.set_basic_auth(endpoint_.user.c_str(), endpoint_.password.c_str());
    return c;
  }

  cambio::cambioctl::http_endpoint endpoint_;
  std::string vhost_;
};

// test.echo served in-process: echoes, or answers with the error code in "fail".
struct echo_server {
  cambio::metrics::registry metrics;
  rmqrpc::client client;
  rmqrpc::server server;

  explicit echo_server(const scoped_vhost& vhost)
      : client(client_settings(vhost), metrics),
        server(server_settings(vhost), client, metrics,
               &cambio::contracts::schema_catalog::embedded()) {
    server.handle("test.echo", [](const rmqrpc::request& r) -> json {
      if (r.params().contains("fail")) {
        const auto code = rmqrpc::errc_from_string(r.params()["fail"].get<std::string>());
        throw rmqrpc::error(code.value_or(rmqrpc::errc::internal), "asked to fail");
      }
      return {{"text", r.params()["text"]}};
    });
    server.start();
    REQUIRE(cambio::testing::eventually([&] {
      try {
        return client.call("test.echo", {{"text", "ready?"}}, {std::chrono::milliseconds(500)}) ==
               json{{"text", "ready?"}};
      } catch (const rmqrpc::error&) {
        return false;
      }
    }));
  }

  static rmqrpc::client_settings client_settings(const scoped_vhost& vhost) {
    rmqrpc::client_settings s;
    s.connection.url = vhost.amqp_url();
    s.connection.name = "cambioctl-test";
    return s;
  }
  static rmqrpc::server_settings server_settings(const scoped_vhost& vhost) {
    rmqrpc::server_settings s;
    s.connection.url = vhost.amqp_url();
    s.connection.name = "cambioctl-test";
    return s;
  }
};

}  // namespace

TEST_CASE("call to a queue nothing serves fails at once: unavailable, exit 2") {
  scoped_vhost vhost;
  const auto started = std::chrono::steady_clock::now();
  const auto r = cambioctl(vhost, {"call", "nobody.home", "{}", "--timeout-ms", "8000"});
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unavailable") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(took < std::chrono::seconds(6));  // not the deadline
}

TEST_CASE("call with malformed JSON parameters exits 2 and says so") {
  scoped_vhost vhost;
  const auto r = cambioctl(vhost, {"call", "test.echo", "{text: hi}"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("not valid JSON") != std::string::npos);
}

TEST_CASE("call prints the result (exit 0) or the error reply (exit 1)") {
  scoped_vhost vhost;
  echo_server echo(vhost);

  const auto ok =
      cambioctl(vhost, {"call", "test.echo", R"({"text":"hi"})", "--request-id", "r-1"});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(json::parse(ok.out) == json{{"text", "hi"}});

  const auto failed = cambioctl(vhost, {"call", "test.echo", R"({"text":"x","fail":"not_found"})"});
  CHECK(failed.exit_code == 1);
  CHECK(json::parse(failed.out)["code"] == "not_found");

  const auto invalid = cambioctl(vhost, {"call", "test.echo", R"({"text":1})"});
  CHECK(invalid.exit_code == 1);
  const auto error = json::parse(invalid.out);
  CHECK(error["code"] == "invalid_argument");
  CHECK(error.dump().find("/text") != std::string::npos);
}

TEST_CASE("health with no service running: all down, exit 1") {
  scoped_vhost vhost;
  const auto r = cambioctl(vhost, {"health", "--json", "--timeout-ms", "4000"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const auto j = json::parse(r.out);
  CHECK(j["healthy"] == false);
  for (const auto* service :
       {"db-proxy", "rates-ingestor", "alert-evaluator", "mailer", "frontend"}) {
    CHECK(j["services"][service]["status"] == "down");
  }
  const auto table = cambioctl(vhost, {"health"});
  CHECK(table.exit_code == 1);
  CHECK(table.out.find("db-proxy         down") != std::string::npos);
}

TEST_CASE("health shows a service that answers as up, with its queues") {
  scoped_vhost vhost;
  cambio::metrics::registry metrics;
  rmqrpc::client client(echo_server::client_settings(vhost), metrics);
  rmqrpc::server server(echo_server::server_settings(vhost), client, metrics,
                        &cambio::contracts::schema_catalog::embedded());
  const json report{
      {"service", "db-proxy"},
      {"version", "9.9.9"},
      {"healthy", true},
      {"uptime_s", 61},
      {"checks", {{"database", {{"ok", true}, {"detail", "1 ms"}}}}},
      {"broker", {{"connected", true}}},
      {"queues",
       {{"db.health", {{"handled", 5}, {"failed", 0}, {"dead_lettered", 0}, {"in_flight", 1}}}}}};
  REQUIRE(
      cambio::contracts::schema_catalog::embedded().violations("db.health.reply", report).empty());
  server.handle("db.health", [&](const rmqrpc::request&) { return report; });
  server.start();
  REQUIRE(cambio::testing::eventually([&] {
    try {
      return client.call("db.health", json::object(), {std::chrono::milliseconds(500)}) == report;
    } catch (const rmqrpc::error&) {
      return false;
    }
  }));

  const auto r = cambioctl(vhost, {"health", "--timeout-ms", "4000"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);  // the four others are down
  CHECK(r.out.find("db-proxy         up         9.9.9      1m 01s\n") != std::string::npos);
  CHECK(r.out.find("db.health") != std::string::npos);
  CHECK(r.out.find("mailer           down") != std::string::npos);
  const auto j = json::parse(cambioctl(vhost, {"health", "--json"}).out);
  CHECK(j["services"]["db-proxy"]["report"] == report);
}

TEST_CASE("queues lists the vhost's queues, dead-letter queues marked") {
  scoped_vhost vhost;
  management api(vhost);
  api.declare("orders.place");
  api.declare("orders.place.dlq");
  const auto r = cambioctl(vhost, {"queues", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = json::parse(r.out);
  CHECK(j["vhost"] == vhost.name());
  std::map<std::string, bool> seen;
  for (const auto& q : j["queues"])
    seen[q["name"].get<std::string>()] = q["dead_letter"].get<bool>();
  CHECK(seen == std::map<std::string, bool>{{"orders.place", false}, {"orders.place.dlq", true}});

  const auto table = cambioctl(vhost, {"queues"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("orders.place.dlq") != std::string::npos);
}

TEST_CASE("dlq list, replay and purge: dead letters inspected, moved back whole, dropped") {
  scoped_vhost vhost;
  management api(vhost);
  api.declare("work.do");
  api.declare("work.do.dlq");
  for (int i = 1; i <= 2; ++i) {
    api.publish("work.do.dlq", R"({"n":)" + std::to_string(i) + "}",
                {{"message_id", "m-" + std::to_string(i)},
                 {"content_type", "application/json"},
                 {"headers", {{"x-cambio-dead-reason", "handler kept crashing"}}}});
  }

  const auto listed = cambioctl(vhost, {"dlq", "list", "work.do", "--limit", "5"});
  INFO(listed.out << listed.err);
  CHECK(listed.exit_code == 0);
  CHECK(listed.out.find("reason: handler kept crashing") != std::string::npos);
  CHECK(listed.out.find(R"(body: {"n":1})") != std::string::npos);
  CHECK(listed.out.find(R"(body: {"n":2})") != std::string::npos);
  CHECK(api.peek("work.do.dlq").size() == 2);  // list leaves them in place

  const auto replayed = cambioctl(vhost, {"dlq", "replay", "work.do"});
  INFO(replayed.err);
  CHECK(replayed.exit_code == 0);
  CHECK(replayed.out == "moved 2 dead letter(s) from work.do.dlq to work.do\n");
  CHECK(api.peek("work.do.dlq").empty());
  const auto back = api.peek("work.do");
  REQUIRE(back.size() == 2);
  std::set<std::string> bodies;
  for (const auto& m : back) {
    bodies.insert(m["payload"].get<std::string>());
    CHECK(m["properties"]["headers"]["x-cambio-dead-reason"] == "handler kept crashing");
    CHECK(m["properties"]["content_type"] == "application/json");
    CHECK(m["properties"]["message_id"].get<std::string>().starts_with("m-"));
  }
  CHECK(bodies == std::set<std::string>{R"({"n":1})", R"({"n":2})"});

  api.publish("work.do.dlq", "{}", json::object());
  const auto purged = cambioctl(vhost, {"dlq", "purge", "work.do.dlq"});
  CHECK(purged.exit_code == 0);
  CHECK(purged.out == "purged 1 dead letter(s) from work.do.dlq\n");
  CHECK(api.peek("work.do.dlq").empty());
  CHECK(api.peek("work.do").size() == 2);  // purge touched only the dead letters
}

TEST_CASE("dlq on a queue that does not exist exits 1, replay into a missing queue loses nothing") {
  scoped_vhost vhost;
  management api(vhost);
  CHECK(cambioctl(vhost, {"dlq", "list", "nothing.here"}).exit_code == 1);
  CHECK(cambioctl(vhost, {"dlq", "purge", "nothing.here"}).exit_code == 1);

  api.declare("gone.away.dlq");
  api.publish("gone.away.dlq", "keep me", json::object());
  const auto r = cambioctl(vhost, {"dlq", "replay", "gone.away"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("no queue 'gone.away'") != std::string::npos);
  const auto kept = api.peek("gone.away.dlq");
  REQUIRE(kept.size() == 1);
  CHECK(kept[0]["payload"] == "keep me");
}

TEST_CASE("unknown command and missing arguments: usage, exit 2") {
  scoped_vhost vhost;
  const auto unknown = cambioctl(vhost, {"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("usage: cambioctl <command>") != std::string::npos);
  CHECK(cambioctl(vhost, {"dlq", "list"}).exit_code == 2);
  const auto help = cambioctl(vhost, {"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("dlq") != std::string::npos);
}
