#include "alerts/wiring.hpp"

#include <memory>
#include <random>

#include "alerts/alert_evaluator.hpp"
#include "alerts/evaluator_settings.hpp"
#include "alerts/sweeper.hpp"
#include "cambio/log.hpp"
#include "cambio/service.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::alerts {
namespace {

// A failed sweep is tried again this soon (or at the next period, if sooner).
constexpr std::chrono::seconds k_sweep_retry{5};

// Everything built in on_start (settings are read there, once).
struct parts {
  rmqrpc::client* client = nullptr;
  std::unique_ptr<alert_evaluator> evaluator;
  std::unique_ptr<sweeper> sweeps;

  // db-proxy calls carrying `request_id`, each with the call timeout.
  db_call calls(std::string request_id) const {
    return [client = client, timeout = evaluator->settings().call_timeout,
            id = std::move(request_id)](std::string_view queue, const nlohmann::json& params) {
      return client->call(queue, params, {.timeout = timeout, .request_id = id});
    };
  }
  alert_evaluator& ready() const {
    if (!evaluator) throw rmqrpc::error(rmqrpc::errc::unavailable, "alert-evaluator is starting");
    return *evaluator;
  }
};

std::string sweep_request_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char out[32];
  std::snprintf(out, sizeof out, "sweep-%016llx", static_cast<unsigned long long>(rng()));
  return out;
}

void start(cambio::service& service, parts& p) {
  const auto settings = read_evaluator_settings(service.config());
  p.client = &service.client();
  p.evaluator = std::make_unique<alert_evaluator>(settings, service.metrics());
  p.sweeps = std::make_unique<sweeper>(
      settings.sweep_every, k_sweep_retry, [&p](const std::stop_token& stop) {
        const auto id = sweep_request_id();
        cambio::log::request_scope scope(id);
        return p.evaluator->sweep(p.calls(id), std::chrono::system_clock::now(), stop)
            .error.empty();
      });
  cambio::log::get("alerts")->info(
      "sweep every {} s ({} rate set(s) per call), daily digest at {:02}:00 UTC, db calls time "
      "out after {} ms",
      settings.sweep_every.count(), settings.sweep_sets, settings.digest_hour,
      settings.call_timeout.count());
  p.sweeps->start();
}

}  // namespace

void wire(cambio::service& service) {
  auto p = std::make_shared<parts>();
  auto& server = service.server();
  // Durable queues, competing consumers: each event is evaluated by one replica; a handler that
  // throws leaves its event for redelivery (dead-lettered after the delivery limit).
  server.subscribe("alerts.rates.updated", "rates.updated", [p](const rmqrpc::request& r) {
    p->ready().rates_updated(r.params(), p->calls(r.request_id()));
  });
  server.subscribe("alerts.prices.tick", "prices.tick", [p](const rmqrpc::request& r) {
    p->ready().price_tick(r.params(), p->calls(r.request_id()));
  });
  service.add_health_check("sweep", [p] {
    return p->evaluator ? p->evaluator->health() : cambio::health_check{true, "starting"};
  });
  service.on_start([&service, p] { start(service, *p); });
  service.on_stop([p] {
    if (p->sweeps) p->sweeps->stop();
  });
}

}  // namespace cambio::alerts
