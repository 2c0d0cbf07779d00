#pragma once
// rates-ingestor's queues as the web port calls them. One user action (a page, an endpoint) gets
// one deadline, `timeout` from its start (3 s), shared by all its calls: with rates-ingestor down,
// the answer is a 503 within that time, never a hang.

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rmqrpc/client.hpp"

namespace cambio::frontend {

class rates_backend {
 public:
  static constexpr std::chrono::milliseconds k_default_timeout{3000};

  explicit rates_backend(rmqrpc::client& client,
                         std::chrono::milliseconds timeout = k_default_timeout);

  // The deadline of a user action starting now.
  rmqrpc::clock::time_point deadline() const;

  // Throws rmqrpc::error.
  nlohmann::json call(const std::string& queue, const nlohmann::json& params,
                      rmqrpc::clock::time_point deadline);
  std::future<nlohmann::json> call_async(const std::string& queue, nlohmann::json params,
                                         rmqrpc::clock::time_point deadline);
  // Several rates.history calls at once; the replies in the order of `params`.
  std::vector<nlohmann::json> history(const std::vector<nlohmann::json>& params,
                                      rmqrpc::clock::time_point deadline);

  // The reply of a call_async; its error, or deadline_exceeded if it has not completed shortly
  // after `deadline` (the client fails it at the deadline: this only guards against a lost
  // completion).
  static nlohmann::json await(std::future<nlohmann::json>& reply,
                              rmqrpc::clock::time_point deadline, const std::string& queue);

 private:
  rmqrpc::client& client_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cambio::frontend
