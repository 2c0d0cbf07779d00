#include "cambio/service.hpp"

#include <chrono>
#include <csignal>
#include <map>
#include <vector>

#include "cambio/admin_server.hpp"
#include "cambio/contracts.hpp"
#include "cambio/log.hpp"
#include "cambio/service_settings.hpp"
#include "stop_signals.hpp"

namespace cambio {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("service");
  return log;
}

health_check run_check(const std::string& name, const std::function<health_check()>& check) {
  try {
    return check();
  } catch (const std::exception& e) {
    logger()->warn("health check '{}' threw: {}; reported as failed", name, e.what());
    return {false, std::string("check failed: ") + e.what()};
  }
}

}  // namespace

struct service::impl {
  impl(service_identity id_in, cambio::config cfg_in, service_settings settings_in)
      : id(std::move(id_in)),
        cfg(std::move(cfg_in)),
        settings(std::move(settings_in)),
        client(settings.client, metrics),
        server(settings.server, client, metrics, &contracts::schema_catalog::embedded()) {}

  service_identity id;
  cambio::config cfg;
  service_settings settings;
  metrics::registry metrics;
  rmqrpc::client client;
  rmqrpc::server server;
  std::map<std::string, std::function<health_check()>> checks;
  std::vector<std::function<void()>> start_fns;
  std::vector<std::function<void()>> stop_fns;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

service::service(service_identity id, cambio::config cfg, service_mode mode) : mode_(mode) {
  block_stop_signals();  // before any thread starts, so that only run() takes them
  auto settings =
      mode == service_mode::run ? read_service_settings(cfg, id.name) : service_settings{};
  log::init(id.name, settings.log_format, settings.log_level);
  impl_ = std::make_unique<impl>(std::move(id), std::move(cfg), std::move(settings));
  impl_->metrics
      .gauge("cambio_build_info", "The running build: always 1",
             {{"service", impl_->id.name}, {"version", CAMBIO_VERSION}})
      .set(1);
  impl_->server.handle(impl_->id.queue_prefix + ".health",
                       [this](const rmqrpc::request&) { return health(); });
}

service::~service() = default;

const service_identity& service::identity() const { return impl_->id; }
const cambio::config& service::config() const { return impl_->cfg; }
metrics::registry& service::metrics() { return impl_->metrics; }
rmqrpc::client& service::client() { return impl_->client; }
rmqrpc::server& service::server() { return impl_->server; }

void service::add_health_check(std::string name, std::function<health_check()> check) {
  if (!impl_->checks.emplace(name, std::move(check)).second) {
    throw std::logic_error("health check '" + name + "' added twice");
  }
}

void service::on_start(std::function<void()> fn) { impl_->start_fns.push_back(std::move(fn)); }

void service::on_stop(std::function<void()> fn) { impl_->stop_fns.push_back(std::move(fn)); }

nlohmann::json service::health() const {
  const auto& s = *impl_;
  health_inputs in{
      .service = s.id.name,
      .version = CAMBIO_VERSION,
      .uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                 s.started),
      .broker_connected = s.server.connected() && s.client.connected(),
      .checks = {},
      .queues = s.server.stats(),
  };
  for (const auto& [name, check] : s.checks) in.checks[name] = run_check(name, check);
  return health_report(in);
}

int service::run() {
  if (mode_ != service_mode::run) throw std::logic_error("service::run: built to list its queues");
  auto& s = *impl_;
  for (const auto& fn : s.start_fns) fn();
  admin_server admin(
      s.settings.admin,
      [this] {
        auto report = health();
        return health_status{report.at("healthy").get<bool>(), std::move(report)};
      },
      s.metrics);
  admin.start();
  s.server.start();
  logger()->info("{} {} started: {} queues, admin port {}", s.id.name, CAMBIO_VERSION,
                 s.server.queues().size(), admin.port());

  const int received = wait_for_stop_signal();
  logger()->info("{} received: stopping; finishing the requests in flight",
                 received == SIGTERM ? "SIGTERM" : "SIGINT");
  s.server.stop();
  for (auto it = s.stop_fns.rbegin(); it != s.stop_fns.rend(); ++it) {
    try {
      (*it)();
    } catch (const std::exception& e) {
      logger()->error("a stop callback failed: {}; running the remaining ones", e.what());
    }
  }
  admin.stop();
  logger()->info("{} stopped", s.id.name);
  return 0;
}

}  // namespace cambio
