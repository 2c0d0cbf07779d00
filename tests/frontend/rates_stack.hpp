#pragma once
// The rates feature's processes for the frontend's integration and browser tests: db-proxy,
// rates-ingestor on the ECB CSV file (offline data, BTC feed off) and the frontend, on a private
// vhost and database, the frontend's web port on a free port.
//
//   rates_stack stack;                  // returns once /api/v1/rates/latest answers 200
//   auto res = stack.http().Get("/api/v1/rates/latest");

#include <memory>
#include <optional>
#include <string>

#include <httplib.h>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::testing {

class rates_stack {
 public:
  // Starts the three and waits (up to 2 minutes) until rates-ingestor's first backfill — the 31
  // days up to the file's last date, 2026-04-13 — answers through the frontend.
  rates_stack();
  ~rates_stack();
  rates_stack(const rates_stack&) = delete;
  rates_stack& operator=(const rates_stack&) = delete;

  // "http://127.0.0.1:PORT"
  const std::string& base_url() const { return base_url_; }
  // A client of the frontend's web port (10 s read timeout).
  httplib::Client http() const;
  // An rmqrpc client on the stack's vhost.
  rmqrpc::client& rpc() { return *rpc_; }

  // Stores 2024-01-01..2024-02-29 from the file too (rates.ingest).
  void ingest_early_2024();
  // SIGTERM to rates-ingestor; returns once it has exited.
  void stop_rates_ingestor();

 private:
  scoped_vhost vhost_;
  scoped_database db_;
  cambio::metrics::registry metrics_;
  std::unique_ptr<rmqrpc::client> rpc_;
  int port_ = 0;
  std::string base_url_;
  std::optional<service_process> db_proxy_;
  std::optional<service_process> rates_ingestor_;
  std::optional<service_process> frontend_;
};

}  // namespace cambio::testing
