#pragma once
// The alerts path as processes on a fresh vhost and database: db-proxy, rates-ingestor on the ECB
// history file cut at a chosen day (restarted to move to the next day: each start ingests up to
// the file's newest day and publishes rates.updated), alert-evaluator, the mailer and an SMTP sink
// of the test's own; a client that calls any queue, checking requests and replies against the
// schemas.

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "ecb_history.hpp"
#include "mail_stack.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::testing {

class alerts_stack {
 public:
  alerts_stack() : client_(client_settings(vhost_.amqp_url()), metrics_) {
    db_proxy_ = std::make_unique<service_process>("db-proxy",
                                                  settings({{"CAMBIO_PG_URL", database_.url()}}));
    REQUIRE(answers("db.ping", std::chrono::seconds(60)));
  }

  // Restarts rates-ingestor on the ECB file cut at `last` and waits until it holds that day.
  void ingest_until(const std::string& last) {
    ingestor_.reset();
    file_ = std::make_unique<ecb_file_until>(last);
    ingestor_ = std::make_unique<service_process>("rates-ingestor",
                                                  settings({{"CAMBIO_RATES_PROVIDER", "ecb-csv"},
                                                            {"CAMBIO_ECB_CSV", file_->path()},
                                                            {"CAMBIO_BTC_FEED", "off"}}));
    wait_for_newest(last);
  }

  // Starts (or restarts) rates-ingestor with `provider` settings (e.g. a fake provider's URL) and
  // waits until it holds `last` as its newest day.
  void start_ingestor(std::map<std::string, std::string> provider, const std::string& last) {
    ingestor_.reset();
    provider.emplace("CAMBIO_BTC_FEED", "off");
    ingestor_ = std::make_unique<service_process>("rates-ingestor", settings(std::move(provider)));
    wait_for_newest(last);
  }

  void start_mailer() {
    mailer_ = std::make_unique<service_process>(
        "mailer", settings({{"CAMBIO_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(sink_.port())},
                            {"CAMBIO_MAIL_FROM", "Cambio Tests <no-reply@alerts.cambio.localhost>"},
                            {"CAMBIO_MAIL_POLL_MS", "200"},
                            {"CAMBIO_MAIL_RETRY_BASE_MS", "100"},
                            {"CAMBIO_MAIL_RETRY_MAX_MS", "1000"}}));
  }

  // Starts alert-evaluator and waits until it answers its health queue.
  void start_evaluator(std::map<std::string, std::string> extra = {}) {
    evaluator_ = std::make_unique<service_process>("alert-evaluator", settings(std::move(extra)));
    REQUIRE(answers("alerts.health", std::chrono::seconds(30)));
  }
  void stop_evaluator() { evaluator_.reset(); }
  service_process& evaluator() { return *evaluator_; }
  service_process& mailer() { return *mailer_; }

  // Calls a queue; the request and the reply must match their schemas.
  nlohmann::json call(const std::string& queue, const nlohmann::json& params) {
    const auto& schemas = contracts::schema_catalog::embedded();
    INFO(queue << " " << params.dump());
    REQUIRE(schemas.violations(queue + ".request", params) == std::vector<std::string>{});
    auto reply = raw_call(queue, params, std::chrono::seconds(30));
    INFO("reply " << reply.dump());
    CHECK(schemas.violations(queue + ".reply", reply) == std::vector<std::string>{});
    return reply;
  }
  void publish(const std::string& routing_key, const nlohmann::json& event) {
    client_.publish(routing_key, event);
  }

  // A verified user (db.accounts.register + db.accounts.verify); returns its id.
  std::int64_t user(const std::string& username, const std::string& email) {
    char hex[65];
    std::snprintf(hex, sizeof hex, "%064zx", std::hash<std::string>{}(username));
    const std::string token(hex);
    const auto created = call("db.accounts.register",
                              {{"username", username},
                               {"email", email},
                               {"password_hash",
                                "$argon2id$v=19$m=65536,t=3,p=1$3c6TAcKkMrnvd4NA0OqVvA$"
                                "AW4KzMZE2Pq1mR1uF2nO0xOBqTTbX5s1YlUTdkJcOQw"},
                               {"token_hash", token},
                               {"verify_url", "https://cambio.test/verify?token=" + username},
                               {"expires_in_s", 86400},
                               {"login_url", "https://cambio.test/login"},
                               {"resend_url", "https://cambio.test/verify/resend"},
                               {"register_url", "https://cambio.test/register"}});
    REQUIRE(created["outcome"] == "created");
    call("db.accounts.verify", {{"token_hash", token}});
    return created["user_id"].get<std::int64_t>();
  }

  // How often alert-evaluator's handlers ran for one of its queues (its health report).
  std::uint64_t handled(const std::string& queue) {
    const auto health =
        raw_call("alerts.health", nlohmann::json::object(), std::chrono::milliseconds(2000));
    const auto& queues = health.at("queues");
    return queues.contains(queue) ? queues[queue].value("handled", std::uint64_t{0}) : 0;
  }

  // Messages waiting in a queue of this vhost (rabbitmqctl: exact, no statistics delay).
  int queue_depth(const std::string& queue) {
    const auto output = run(infra::get().rabbitmqctl + " list_queues -q --no-table-headers -p " +
                            shell_quote(vhost_.name()) + " name messages");
    std::istringstream lines(output);
    std::string name;
    int messages = 0;
    while (lines >> name >> messages) {
      if (name == queue) return messages;
    }
    return -1;
  }
  void purge(const std::string& queue) {
    run(infra::get().rabbitmqctl + " purge_queue -q -p " + shell_quote(vhost_.name()) + " " +
        shell_quote(queue));
  }

  const std::filesystem::path& maildir() const { return sink_.maildir(); }

 private:
  void wait_for_newest(const std::string& last) {
    const bool held = eventually(
        [&] {
          try {
            return raw_call("rates.status", nlohmann::json::object(),
                            std::chrono::milliseconds(1000))["last_rate_date"] == last;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        std::chrono::seconds(60));
    REQUIRE(held);
  }
  static rmqrpc::client_settings client_settings(const std::string& url) {
    rmqrpc::client_settings s;
    s.connection.url = url;
    s.connection.name = "alerts-test";
    return s;
  }
  std::map<std::string, std::string> settings(std::map<std::string, std::string> extra) const {
    std::map<std::string, std::string> s{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                         {"CAMBIO_ADMIN_PORT", "0"},
                                         {"CAMBIO_LOG_LEVEL", "warn"}};
    for (auto& [k, v] : extra) s[k] = v;
    return s;
  }
  nlohmann::json raw_call(const std::string& queue, const nlohmann::json& params,
                          std::chrono::milliseconds timeout) {
    return client_.call(queue, params, {.timeout = timeout});
  }
  bool answers(const std::string& queue, std::chrono::seconds timeout) {
    return eventually(
        [&] {
          try {
            raw_call(queue, nlohmann::json::object(), std::chrono::milliseconds(1000));
            return true;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        timeout);
  }
  static std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    ::pclose(pipe);
    return out;
  }

  scoped_vhost vhost_;
  scoped_database database_;
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
  private_sink sink_;
  std::unique_ptr<ecb_file_until> file_;
  std::unique_ptr<service_process> db_proxy_;
  std::unique_ptr<service_process> ingestor_;
  std::unique_ptr<service_process> mailer_;
  std::unique_ptr<service_process> evaluator_;
};

}  // namespace cambio::testing
