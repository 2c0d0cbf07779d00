#include "accounts/account_backend.hpp"

#include "rates/rates_backend.hpp"

namespace cambio::frontend::accounts {

rpc_account_backend::rpc_account_backend(rmqrpc::client& client, rmqrpc::clock::time_point deadline)
    : client_(client), deadline_(deadline) {}

rpc_account_backend::rpc_account_backend(rmqrpc::client& client)
    : rpc_account_backend(client, rmqrpc::clock::now() + k_default_timeout) {}

nlohmann::json rpc_account_backend::call(const std::string& queue, const nlohmann::json& params) {
  rmqrpc::call_options options;
  options.deadline = deadline_;
  auto reply = client_.call_async(queue, params, options);
  // The same guard as every page's: a completion that never comes is a deadline_exceeded.
  return rates_backend::await(reply, deadline_, queue);
}

}  // namespace cambio::frontend::accounts
