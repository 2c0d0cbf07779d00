#pragma once
// The accounts tests' stack: the db-proxy executable on a fresh vhost and database, a client that
// calls its queues checking every request and reply against the schemas, a subscriber that counts
// the mail.queued events and records the accounts.changed ones, and a direct connection to the
// database for what a test must look at or arrange (the outbox rows, moving a timestamp into the
// past instead of sleeping).

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace cambio::testing {

// A valid-looking libsodium Argon2id string; db-proxy stores it and never checks a password.
inline const std::string k_password_hash =
    "$argon2id$v=19$m=65536,t=3,p=1$3c6TAcKkMrnvd4NA0OqVvA$"
    "AW4KzMZE2Pq1mR1uF2nO0xOBqTTbX5s1YlUTdkJcOQw";
inline const std::string k_new_password_hash =
    "$argon2id$v=19$m=65536,t=3,p=1$bmV3c2FsdG5ld3NhbHQxMg$"
    "Q2hhbmdlZFBhc3N3b3JkSGFzaFZhbHVlMDEyMzQ1Ng";

// A distinct 64-hex "hash" per label (the tests need distinct values, not real digests).
inline std::string hash_of(const std::string& label) {
  std::string hex;
  std::size_t h = std::hash<std::string>{}(label);
  while (hex.size() < 64) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[(h >> 60) & 0xf];
  }
  return hex;
}

// The failure of a call: its code and message.
struct failure {
  rmqrpc::errc code;
  std::string message;
};

class accounts_stack {
 public:
  accounts_stack()
      : client_(client_settings(vhost_.amqp_url()), metrics_),
        events_client_(client_settings(vhost_.amqp_url()), metrics_),
        events_(server_settings(vhost_.amqp_url()), events_client_, metrics_,
                &contracts::schema_catalog::embedded()),
        sql_(database_.url()) {
    events_.subscribe("test.mail.queued", "mail.queued", [this](const rmqrpc::request& r) {
      std::lock_guard lock(mutex_);
      mails_announced_ += r.params().at("count").get<int>();
    });
    events_.subscribe("test.accounts.changed", "accounts.changed",
                      [this](const rmqrpc::request& r) {
                        std::lock_guard lock(mutex_);
                        profile_changes_.push_back(r.params().at("user_id").get<std::int64_t>());
                      });
    events_.start();
    db_proxy_ = std::make_unique<service_process>(
        "db-proxy", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                       {"CAMBIO_PG_URL", database_.url()},
                                                       {"CAMBIO_PG_POOL_SIZE", "4"},
                                                       {"CAMBIO_RPC_WORKERS", "4"},
                                                       {"CAMBIO_ADMIN_PORT", "0"},
                                                       {"CAMBIO_LOG_LEVEL", "warn"}});
    const bool ready = eventually(
        [&] {
          try {
            client_.call("db.ping", nlohmann::json::object(),
                         {.timeout = std::chrono::milliseconds(1000)});
            return true;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        std::chrono::seconds(60));
    if (!ready) throw std::runtime_error("db-proxy did not come up");
    REQUIRE(events_.wait_connected(std::chrono::seconds(10)));
  }

  // Calls `queue`; the request must be valid (a test mistake otherwise) and so must the reply.
  nlohmann::json call(const std::string& queue, const nlohmann::json& params) {
    INFO(queue << " " << params.dump().substr(0, 400));
    REQUIRE(schemas().violations(queue + ".request", params) == std::vector<std::string>{});
    auto reply = client_.call(queue, params, {.timeout = std::chrono::seconds(10)});
    INFO(reply.dump());
    CHECK(schemas().violations(queue + ".reply", reply) == std::vector<std::string>{});
    return reply;
  }

  // Calls `queue` expecting an error reply; FAILs on success.
  failure fail(const std::string& queue, const nlohmann::json& params) {
    INFO(queue << " " << params.dump().substr(0, 400));
    try {
      const auto reply = client_.call(queue, params, {.timeout = std::chrono::seconds(10)});
      FAIL("no error: " << reply.dump());
    } catch (const rmqrpc::error& e) {
      return {e.code(), e.what()};
    }
    return {rmqrpc::errc::internal, ""};
  }

  // An asynchronous call (for concurrent requests).
  std::future<nlohmann::json> call_async(const std::string& queue, const nlohmann::json& params) {
    return client_.call_async(queue, params, {.timeout = std::chrono::seconds(10)});
  }

  // One SQL statement against the test database (committed).
  pqxx::result sql(const std::string& statement) {
    pqxx::work tx(sql_);
    auto rows = tx.exec(statement);
    tx.commit();
    return rows;
  }
  template <class... Args>
  pqxx::result sql(const std::string& statement, Args&&... args) {
    pqxx::work tx(sql_);
    auto rows = tx.exec_params(statement, std::forward<Args>(args)...);
    tx.commit();
    return rows;
  }

  // The outbox rows, oldest first: {template, recipient, params}.
  std::vector<nlohmann::json> outbox() {
    std::vector<nlohmann::json> mails;
    for (const auto& r :
         sql("SELECT template, recipient, params::text FROM mail_outbox ORDER BY id")) {
      mails.push_back({{"template", r[0].as<std::string>()},
                       {"recipient", r[1].as<std::string>()},
                       {"params", nlohmann::json::parse(r[2].as<std::string>())}});
    }
    return mails;
  }

  // Waits until the mail.queued events announced `count` mails in all.
  bool wait_announced(int count) {
    return eventually([&] {
      std::lock_guard lock(mutex_);
      return mails_announced_ == count;
    });
  }
  int announced() {
    std::lock_guard lock(mutex_);
    return mails_announced_;
  }

  // Waits until `count` accounts.changed events came; returns their user ids in arrival order.
  std::vector<std::int64_t> wait_profile_changes(std::size_t count) {
    eventually([&] {
      std::lock_guard lock(mutex_);
      return profile_changes_.size() >= count;
    });
    std::lock_guard lock(mutex_);
    return profile_changes_;
  }

  // Registers and verifies a user; returns its id.
  std::int64_t active_user(const std::string& username, const std::string& email) {
    const auto token = hash_of("verify " + username);
    const auto created = call("db.accounts.register", registration(username, email, token));
    REQUIRE(created["outcome"] == "created");
    call("db.accounts.verify", {{"token_hash", token}});
    return created["user_id"].get<std::int64_t>();
  }

  static nlohmann::json registration(const std::string& username, const std::string& email,
                                     const std::string& token_hash) {
    return {{"username", username},
            {"email", email},
            {"password_hash", k_password_hash},
            {"token_hash", token_hash},
            {"verify_url", "https://cambio.test/verify?token=raw-" + username},
            {"expires_in_s", 86400},
            {"login_url", "https://cambio.test/login"},
            {"resend_url", "https://cambio.test/verify/resend"},
            {"register_url", "https://cambio.test/register"}};
  }

  static const contracts::schema_catalog& schemas() {
    return contracts::schema_catalog::embedded();
  }

 private:
  static rmqrpc::client_settings client_settings(const std::string& url) {
    rmqrpc::client_settings s;
    s.connection.url = url;
    s.connection.name = "accounts-test";
    return s;
  }
  static rmqrpc::server_settings server_settings(const std::string& url) {
    rmqrpc::server_settings s;
    s.connection.url = url;
    s.connection.name = "accounts-test-events";
    return s;
  }

  scoped_vhost vhost_;
  scoped_database database_;
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
  rmqrpc::client events_client_;
  rmqrpc::server events_;
  pqxx::connection sql_;
  std::mutex mutex_;
  int mails_announced_ = 0;
  std::vector<std::int64_t> profile_changes_;
  std::unique_ptr<service_process> db_proxy_;
};

}  // namespace cambio::testing
