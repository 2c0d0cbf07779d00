// db.mail.* against a real PostgreSQL (in-process, through the handlers' functions): two
// concurrent claimers never get the same row; an expired lease is claimed again and its old
// holder can no longer mark the mail; sent / failed (retry, dead) transitions; retry from dead;
// the list, newest first; every reply validates against its schema and bad input is refused.

#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/mail.hpp"
#include "db_proxy/migration.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::db_proxy;
using nlohmann::json;

namespace {

using handler = json (*)(database&, const json&, clock::time_point);

struct fixture {
  cambio::testing::scoped_database scratch;
  cambio::metrics::registry metrics;
  database db;

  fixture()
      : db(pool_settings{.url = scratch.url(), .size = 4}, metrics, embedded_migrations(),
           schema_upgrade_settings{}, [](const std::string& m) { FAIL(m); }) {
    db.schema.start();
    REQUIRE(db.schema.wait_ready(std::chrono::seconds(30)));
  }
  ~fixture() { db.schema.stop(); }

  json call(handler fn, const json& params, const std::string& queue) {
    const auto& schemas = cambio::contracts::schema_catalog::embedded();
    INFO(params.dump());
    REQUIRE(schemas.violations(queue + ".request", params) == std::vector<std::string>{});
    auto reply = fn(db, params, clock::now() + std::chrono::seconds(10));
    INFO(reply.dump());
    CHECK(schemas.violations(queue + ".reply", reply).empty());
    return reply;
  }
  std::vector<std::int64_t> enqueue(int count, const std::string& tmpl = "test") {
    json mails = json::array();
    for (int i = 0; i < count; ++i) {
      mails.push_back({{"template", tmpl},
                       {"recipient", "u" + std::to_string(i) + "@example.com"},
                       {"params", {{"text", "n" + std::to_string(i)}}}});
    }
    return call(enqueue_mails, {{"mails", mails}}, "db.mail.enqueue")["ids"]
        .get<std::vector<std::int64_t>>();
  }
  json claim(const std::string& worker, int limit = 50, int lease_s = 60) {
    return call(claim_mails, {{"worker", worker}, {"limit", limit}, {"lease_s", lease_s}},
                "db.mail.claim")["mails"];
  }
  int sent(const std::string& worker, const std::vector<std::int64_t>& ids) {
    return call(mark_mails_sent, {{"worker", worker}, {"ids", ids}}, "db.mail.sent")["marked"];
  }
  json failed(json params) { return call(mark_mail_failed, params, "db.mail.failed"); }
  json list(const std::string& status = "", int limit = 100) {
    json params = {{"limit", limit}};
    if (!status.empty()) params["status"] = status;
    return call(list_mails, params, "db.mail.list")["mails"];
  }
  json retry(const json& params) { return call(retry_mails, params, "db.mail.retry"); }
};

std::optional<rmqrpc::errc> failure(const std::function<void()>& fn,
                                    std::string* message = nullptr) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  return std::nullopt;
}

std::vector<std::int64_t> ids_of(const json& mails) {
  std::vector<std::int64_t> out;
  for (const auto& m : mails) out.push_back(m["id"]);
  return out;
}

}  // namespace

TEST_CASE("enqueue, claim, sent: the row, its lease, only the holder marks it",
          "[db-proxy][mail][integration]") {
  fixture f;
  const auto ids = f.enqueue(3);
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] < ids[1]);

  const auto mine = f.claim("worker-a", 2);
  REQUIRE(mine.size() == 2);
  CHECK(ids_of(mine) == std::vector<std::int64_t>{ids[0], ids[1]});  // the oldest due first
  CHECK(mine[0]["template"] == "test");
  CHECK(mine[0]["recipient"] == "u0@example.com");
  CHECK(mine[0]["params"] == json{{"text", "n0"}});
  CHECK(mine[0]["attempts"] == 0);
  CHECK(mine[0]["message_id"].get<std::string>().size() == 36);
  CHECK(mine[0]["message_id"] != mine[1]["message_id"]);

  // Held rows are not claimed again; the third is.
  const auto theirs = f.claim("worker-b");
  CHECK(ids_of(theirs) == std::vector<std::int64_t>{ids[2]});
  CHECK(f.claim("worker-c").empty());

  CHECK(f.sent("worker-b", {ids[0], ids[1]}) == 0);  // not b's
  CHECK(f.sent("worker-a", {ids[0], ids[1], ids[2]}) == 2);
  CHECK(f.sent("worker-a", {ids[0]}) == 0);  // already sent: no longer held
  const auto rows = f.list();
  REQUIRE(rows.size() == 3);
  CHECK(ids_of(rows) == std::vector<std::int64_t>{ids[2], ids[1], ids[0]});  // newest first
  CHECK(rows[0]["status"] == "pending");
  CHECK(rows[1]["status"] == "sent");
  CHECK(rows[1]["sent_at"].is_string());
  CHECK(rows[0]["sent_at"].is_null());
  CHECK(f.list("sent").size() == 2);
  CHECK(f.list("dead").empty());
  CHECK(f.list("", 1).size() == 1);
}

TEST_CASE("two concurrent claimers never get the same row", "[db-proxy][mail][integration]") {
  fixture f;
  constexpr int total = 300;
  f.enqueue(total);
  std::vector<std::int64_t> got[2];
  const auto claimer = [&](int n) {
    const auto worker = "worker-" + std::to_string(n);
    while (true) {
      const auto batch = claim_mails(f.db, {{"worker", worker}, {"limit", 7}, {"lease_s", 60}},
                                     clock::now() + std::chrono::seconds(10))["mails"];
      if (batch.empty()) return;
      for (const auto& m : batch) got[n].push_back(m["id"]);
    }
  };
  std::thread a(claimer, 0);
  std::thread b(claimer, 1);
  a.join();
  b.join();
  INFO("worker-0 claimed " << got[0].size() << ", worker-1 " << got[1].size());
  std::set<std::int64_t> all(got[0].begin(), got[0].end());
  for (const auto id : got[1]) CHECK(all.insert(id).second);  // never both
  CHECK(all.size() == static_cast<std::size_t>(total));
  CHECK(got[0].size() + got[1].size() == static_cast<std::size_t>(total));
}

TEST_CASE("an expired lease is claimed again, and the old holder can no longer mark the mail",
          "[db-proxy][mail][integration]") {
  fixture f;
  const auto id = f.enqueue(1).at(0);
  REQUIRE(f.claim("worker-a", 10, 1).size() == 1);
  CHECK(f.claim("worker-b").empty());  // the lease holds
  json again;
  REQUIRE(cambio::testing::eventually(
      [&] {
        again = f.claim("worker-b");
        return !again.empty();
      },
      std::chrono::seconds(10)));
  CHECK(again[0]["id"] == id);

  CHECK(f.sent("worker-a", {id}) == 0);
  std::string message;
  CHECK(failure(
            [&] {
              f.failed({{"worker", "worker-a"}, {"id", id}, {"error", "x"}, {"dead", true}});
            },
            &message) == rmqrpc::errc::failed_precondition);
  CHECK_THAT(message, Catch::Contains("not held by worker-a"));
  CHECK(f.sent("worker-b", {id}) == 1);
}

TEST_CASE(
    "failed: retried after its delay with the attempt counted, then dead, and retried from dead",
    "[db-proxy][mail][integration]") {
  fixture f;
  const auto ids = f.enqueue(2);
  REQUIRE(f.claim("w").size() == 2);

  // A retry far out is not due; one due now is claimable again with its attempt counted.
  auto reply =
      f.failed({{"worker", "w"}, {"id", ids[0]}, {"error", "451 later"}, {"retry_in_s", 3600}});
  CHECK(reply == json{{"status", "pending"}, {"attempts", 1}});
  reply = f.failed({{"worker", "w"}, {"id", ids[1]}, {"error", "451 again"}, {"retry_in_s", 0.0}});
  CHECK(reply["attempts"] == 1);
  const auto due = f.claim("w");
  REQUIRE(due.size() == 1);
  CHECK(due[0]["id"] == ids[1]);
  CHECK(due[0]["attempts"] == 1);
  const auto pending = f.list("pending");
  CHECK(pending[1]["last_error"] == "451 later");

  reply =
      f.failed({{"worker", "w"}, {"id", ids[1]}, {"error", "550 no such user"}, {"dead", true}});
  CHECK(reply == json{{"status", "dead"}, {"attempts", 2}});
  const auto dead = f.list("dead");
  REQUIRE(dead.size() == 1);
  CHECK(dead[0]["id"] == ids[1]);
  CHECK(dead[0]["last_error"] == "550 no such user");
  CHECK(f.claim("w").empty());  // dead is never claimed

  // Marking a dead mail again is refused (it is not held).
  CHECK(failure([&] {
          f.failed({{"worker", "w"}, {"id", ids[1]}, {"error", "x"}, {"dead", true}});
        }) == rmqrpc::errc::failed_precondition);

  CHECK(f.retry({{"id", ids[1]}}) == json{{"requeued", 1}});
  const auto back = f.claim("w");
  REQUIRE(back.size() == 1);
  CHECK(back[0]["id"] == ids[1]);
  CHECK(back[0]["attempts"] == 0);

  std::string message;
  CHECK(failure([&] { f.retry({{"id", ids[1]}}); }, &message) == rmqrpc::errc::failed_precondition);
  CHECK_THAT(message, Catch::Contains("is pending, not dead"));
  CHECK(failure([&] { f.retry({{"id", 999999}}); }) == rmqrpc::errc::not_found);

  // all_dead: every dead mail, none else.
  f.failed({{"worker", "w"}, {"id", ids[1]}, {"error", "x"}, {"dead", true}});
  const auto more = f.enqueue(2);
  REQUIRE(f.claim("w").size() == 2);
  f.failed({{"worker", "w"}, {"id", more[0]}, {"error", "x"}, {"dead", true}});
  CHECK(f.retry({{"all_dead", true}}) == json{{"requeued", 2}});
  CHECK(f.list("dead").empty());
  CHECK(f.retry({{"all_dead", true}}) == json{{"requeued", 0}});
}

TEST_CASE("bad mail requests are refused by their schemas", "[db-proxy][mail][unit]") {
  const auto& schemas = cambio::contracts::schema_catalog::embedded();
  const auto refused = [&](const char* schema, const json& params) {
    return !schemas.violations(schema, params).empty();
  };
  CHECK(refused("db.mail.enqueue.request",
                {{"mails", {{{"template", "test"}, {"recipient", "not-an-address"}}}}}));
  CHECK(refused("db.mail.enqueue.request",
                {{"mails", {{{"template", "Test!"}, {"recipient", "a@b.c"}}}}}));
  CHECK(refused("db.mail.enqueue.request", {{"mails", json::array()}}));
  CHECK(refused("db.mail.failed.request", {{"worker", "w"}, {"id", 1}, {"error", "x"}}));
  CHECK(refused("db.mail.failed.request",
                {{"worker", "w"}, {"id", 1}, {"error", "x"}, {"dead", true}, {"retry_in_s", 1}}));
  CHECK(refused("db.mail.retry.request", json::object()));
  CHECK(refused("db.mail.retry.request", {{"id", 1}, {"all_dead", true}}));
  CHECK(refused("db.mail.list.request", {{"status", "queued"}, {"limit", 5}}));
  CHECK_FALSE(refused("db.mail.retry.request", {{"all_dead", true}}));
}
