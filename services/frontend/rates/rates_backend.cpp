#include "rates/rates_backend.hpp"

namespace cambio::frontend {
namespace {

constexpr std::chrono::milliseconds k_margin{250};

}  // namespace

rates_backend::rates_backend(rmqrpc::client& client, std::chrono::milliseconds timeout)
    : client_(client), timeout_(timeout) {}

rmqrpc::clock::time_point rates_backend::deadline() const {
  return rmqrpc::clock::now() + timeout_;
}

nlohmann::json rates_backend::call(const std::string& queue, const nlohmann::json& params,
                                   rmqrpc::clock::time_point deadline) {
  auto reply = call_async(queue, params, deadline);
  return await(reply, deadline, queue);
}

std::future<nlohmann::json> rates_backend::call_async(const std::string& queue,
                                                      nlohmann::json params,
                                                      rmqrpc::clock::time_point deadline) {
  rmqrpc::call_options options;
  options.deadline = deadline;
  return client_.call_async(queue, std::move(params), options);
}

std::vector<nlohmann::json> rates_backend::history(const std::vector<nlohmann::json>& params,
                                                   rmqrpc::clock::time_point deadline) {
  std::vector<std::future<nlohmann::json>> pending;
  for (const auto& p : params) pending.push_back(call_async("rates.history", p, deadline));
  std::vector<nlohmann::json> replies;
  for (auto& reply : pending) replies.push_back(await(reply, deadline, "rates.history"));
  return replies;
}

nlohmann::json rates_backend::await(std::future<nlohmann::json>& reply,
                                    rmqrpc::clock::time_point deadline, const std::string& queue) {
  if (reply.wait_until(deadline + k_margin) != std::future_status::ready) {
    throw rmqrpc::error(rmqrpc::errc::deadline_exceeded,
                        "no reply from " + queue + " before the deadline", {{"transport", true}});
  }
  return reply.get();
}

}  // namespace cambio::frontend
