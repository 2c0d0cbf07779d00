#pragma once
// alert-evaluator's parts wired into the service frame (see README.md).
//
// Queues: alerts.health only. Events: subscribes to rates.updated (durable queue
// alerts.rates.updated) and prices.tick (durable queue alerts.prices.tick), competing consumers
// across replicas. Runs the sweep (db.alerts.sweep, db.alerts.digest) on a thread of its own.

namespace cambio {
class service;
}

namespace cambio::alerts {

void wire(cambio::service& service);

}  // namespace cambio::alerts
