#pragma once
// db-proxy's account queues (db.accounts.*, db.sessions.*, db.pictures.*) as the flows call them.
// The flows take this interface so that they hold no transport: the pages and the JSON API both
// use rpc_account_backend, with one deadline per user action (a user action that finds db-proxy
// down fails with `unavailable`/`deadline_exceeded` by that deadline, never later).

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "rmqrpc/client.hpp"

namespace cambio::frontend::accounts {

class account_backend {
 public:
  virtual ~account_backend() = default;
  // One request/reply call; the reply's result, or throws rmqrpc::error.
  virtual nlohmann::json call(const std::string& queue, const nlohmann::json& params) = 0;
};

// Calls over rmqrpc, every call of one instance sharing `deadline`.
class rpc_account_backend : public account_backend {
 public:
  static constexpr std::chrono::milliseconds k_default_timeout{3000};

  rpc_account_backend(rmqrpc::client& client, rmqrpc::clock::time_point deadline);
  // A user action starting now: the deadline is now + k_default_timeout.
  explicit rpc_account_backend(rmqrpc::client& client);

  nlohmann::json call(const std::string& queue, const nlohmann::json& params) override;

 private:
  rmqrpc::client& client_;
  rmqrpc::clock::time_point deadline_;
};

}  // namespace cambio::frontend::accounts
