#include "backend_status.hpp"

#include <array>
#include <future>
#include <string_view>

namespace cambio::frontend {
namespace {

struct backend {
  std::string_view service;
  std::string_view queue_prefix;
};

constexpr std::array<backend, 4> k_backends{{
    {"db-proxy", "db"},
    {"rates-ingestor", "rates"},
    {"alert-evaluator", "alerts"},
    {"mailer", "mail"},
}};

// The client fails a call at its deadline; this margin only guards against a reply that never
// comes.
constexpr std::chrono::milliseconds k_margin{250};

}  // namespace

std::vector<backend_status> probe_backends(rmqrpc::client& client,
                                           std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout + k_margin;
  rmqrpc::call_options options;
  options.timeout = timeout;
  std::vector<std::future<nlohmann::json>> replies;
  for (const auto& b : k_backends) {
    replies.push_back(client.call_async(std::string(b.queue_prefix) + ".health",
                                        nlohmann::json::object(), options));
  }

  std::vector<backend_status> out;
  for (std::size_t i = 0; i < k_backends.size(); ++i) {
    backend_status status;
    status.service = k_backends[i].service;
    status.queue = std::string(k_backends[i].queue_prefix) + ".health";
    if (replies[i].wait_until(give_up) != std::future_status::ready) {
      status.detail = "no answer";
    } else {
      try {
        const auto report = replies[i].get();
        status.available = true;
        status.healthy = report.value("healthy", false);
        status.detail = report.value("version", "");
      } catch (const rmqrpc::error& e) {
        status.detail = e.what();
      }
    }
    out.push_back(std::move(status));
  }
  return out;
}

nlohmann::json to_json(const std::vector<backend_status>& backends) {
  auto list = nlohmann::json::array();
  for (const auto& b : backends) {
    list.push_back({{"service", b.service},
                    {"queue", b.queue},
                    {"available", b.available},
                    {"healthy", b.healthy},
                    {"detail", b.detail}});
  }
  return {{"backends", std::move(list)}};
}

}  // namespace cambio::frontend
