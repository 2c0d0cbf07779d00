#pragma once
// db-proxy and rates-ingestor as processes on a fresh vhost and database, with a client to call
// them and a subscriber that records every rates.updated event.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cambio/contracts.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace cambio::testing {

class rates_stack {
 public:
  rates_stack()
      : client_(client_settings(vhost_.amqp_url()), metrics_),
        events_client_(client_settings(vhost_.amqp_url()), metrics_),
        events_(server_settings(vhost_.amqp_url()), events_client_, metrics_,
                &contracts::schema_catalog::embedded()) {
    events_.subscribe("test.rates.updated", "rates.updated", [this](const rmqrpc::request& r) {
      std::lock_guard lock(mutex_);
      updates_.push_back(r.params());
    });
    events_.start();
    db_proxy_ = std::make_unique<service_process>(
        "db-proxy", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                       {"CAMBIO_PG_URL", database_.url()},
                                                       {"CAMBIO_ADMIN_PORT", "0"},
                                                       {"CAMBIO_LOG_LEVEL", "warn"}});
    const bool ready = eventually(
        [&] {
          try {
            call("db.ping", nlohmann::json::object(), std::chrono::milliseconds(1000));
            return true;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        std::chrono::seconds(60));
    if (!ready) throw std::runtime_error("db-proxy did not come up");
  }

  // Starts (or restarts) rates-ingestor with the ECB CSV at `csv` plus `extra` settings.
  void start_ingestor(const std::string& csv, std::map<std::string, std::string> extra = {}) {
    ingestor_.reset();
    std::map<std::string, std::string> settings{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                {"CAMBIO_RATES_PROVIDER", "ecb-csv"},
                                                {"CAMBIO_ECB_CSV", csv},
                                                {"CAMBIO_BTC_FEED", "off"},
                                                {"CAMBIO_ADMIN_PORT", "0"},
                                                {"CAMBIO_LOG_LEVEL", "warn"}};
    for (auto& [k, v] : extra) settings[k] = v;
    ingestor_ = std::make_unique<service_process>("rates-ingestor", settings);
  }
  void stop_ingestor() { ingestor_.reset(); }

  nlohmann::json call(const std::string& queue, const nlohmann::json& params,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return client_.call(queue, params, {.timeout = timeout});
  }
  // Waits until rates.status says the provider's newest date is `date`.
  bool wait_for_last_date(const std::string& date) {
    return eventually(
        [&] {
          try {
            return call("rates.status", nlohmann::json::object(),
                        std::chrono::milliseconds(1000))["last_rate_date"] == date;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        std::chrono::seconds(60));
  }
  std::vector<nlohmann::json> updates() {
    std::lock_guard lock(mutex_);
    return updates_;
  }
  rmqrpc::client& client() { return client_; }
  std::string amqp_url() const { return vhost_.amqp_url(); }
  std::string database_url() const { return database_.url(); }

 private:
  static rmqrpc::client_settings client_settings(const std::string& url) {
    rmqrpc::client_settings s;
    s.connection.url = url;
    s.connection.name = "rates-test";
    return s;
  }
  static rmqrpc::server_settings server_settings(const std::string& url) {
    rmqrpc::server_settings s;
    s.connection.url = url;
    s.connection.name = "rates-test-events";
    return s;
  }

  scoped_vhost vhost_;
  scoped_database database_;
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
  rmqrpc::client events_client_;
  rmqrpc::server events_;
  std::mutex mutex_;
  std::vector<nlohmann::json> updates_;
  std::unique_ptr<service_process> db_proxy_;
  std::unique_ptr<service_process> ingestor_;
};

}  // namespace cambio::testing
