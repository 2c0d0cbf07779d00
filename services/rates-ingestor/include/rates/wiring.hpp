#pragma once
// rates-ingestor's parts wired into the service frame (see README "Rates").
//
// Queues: rates.convert, rates.latest, rates.history, rates.btc (anyone), rates.ingest and
// rates.status (operators: cambioctl; nothing public calls them). Events: publishes rates.updated
// and prices.tick; subscribes to rates.updated (broadcast) to refresh its cache.

namespace cambio {
class service;
}

namespace cambio::rates {

void wire(cambio::service& service);

}  // namespace cambio::rates
