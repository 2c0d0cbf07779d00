#include "rates_stack.hpp"

#include <csignal>
#include <stdexcept>

#include "cambio/testing/ports.hpp"

namespace cambio::testing {
namespace {

// The frontend requires one (it signs CSRF and API tokens); any 32+ characters do for a test.
constexpr const char* k_test_secret_key = "rates-stack-test-secret-key-0123456789abcdef";

}  // namespace

rates_stack::rates_stack() {
  rmqrpc::client_settings settings;
  settings.connection.url = vhost_.amqp_url();
  settings.connection.name = "frontend-test";
  rpc_ = std::make_unique<rmqrpc::client>(settings, metrics_);

  db_proxy_.emplace(CAMBIO_DB_PROXY_EXECUTABLE,
                    std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                       {"CAMBIO_PG_URL", db_.url()},
                                                       {"CAMBIO_PG_POOL_SIZE", "2"},
                                                       {"CAMBIO_ADMIN_PORT", "0"}});
  rates_ingestor_.emplace(CAMBIO_RATES_INGESTOR_EXECUTABLE,
                          std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                             {"CAMBIO_RATES_PROVIDER", "ecb-csv"},
                                                             {"CAMBIO_ECB_CSV", ecb_history_csv()},
                                                             {"CAMBIO_BTC_FEED", "off"},
                                                             {"CAMBIO_OFFLINE_DATA", "true"},
                                                             {"CAMBIO_ADMIN_PORT", "0"}});
  port_ = free_port();
  base_url_ = "http://127.0.0.1:" + std::to_string(port_);
  frontend_.emplace(CAMBIO_FRONTEND_EXECUTABLE,
                    std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                       {"CAMBIO_HTTP_PORT", std::to_string(port_)},
                                                       {"CAMBIO_SECRET_KEY", k_test_secret_key},
                                                       {"CAMBIO_ADMIN_PORT", "0"}});

  const bool ready = eventually(
      [&] {
        if (!db_proxy_->running() || !rates_ingestor_->running() || !frontend_->running()) {
          return true;  // reported below
        }
        auto client = http();
        client.set_read_timeout(std::chrono::seconds(5));
        const auto res = client.Get("/api/v1/rates/latest");
        return res && res->status == 200;
      },
      std::chrono::minutes(2));
  if (!db_proxy_->running()) throw std::runtime_error("db-proxy exited while starting");
  if (!rates_ingestor_->running()) throw std::runtime_error("rates-ingestor exited while starting");
  if (!frontend_->running()) throw std::runtime_error("frontend exited while starting");
  if (!ready) {
    throw std::runtime_error("the frontend did not serve /api/v1/rates/latest within 2 minutes");
  }
}

rates_stack::~rates_stack() {
  // The frontend first, then what it calls; the client before the vhost goes.
  frontend_.reset();
  rates_ingestor_.reset();
  db_proxy_.reset();
  rpc_.reset();
}

httplib::Client rates_stack::http() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(std::chrono::seconds(10));
  return client;
}

void rates_stack::ingest_early_2024() {
  const auto report = rpc_->call("rates.ingest", {{"from", "2024-01-01"}, {"to", "2024-02-29"}},
                                 {.timeout = std::chrono::seconds(60)});
  if (report.at("stored").empty()) {
    throw std::runtime_error("rates.ingest stored nothing: " + report.dump());
  }
}

void rates_stack::stop_rates_ingestor() {
  if (!rates_ingestor_->stop(SIGTERM, 15000)) {
    throw std::runtime_error("rates-ingestor did not stop on SIGTERM within 15 s");
  }
}

}  // namespace cambio::testing
