#include "mailer/outbox.hpp"

#include <unistd.h>

#include <array>
#include <random>

#include "rmqrpc/client.hpp"

namespace cambio::mailer {

std::string make_worker_id() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host = {'?'};
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", random());
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + suffix;
}

outbox::outbox(rmqrpc::client& rpc, std::string worker) : rpc_(rpc), worker_(std::move(worker)) {}

std::vector<claimed_mail> outbox::claim(int limit, std::chrono::seconds lease) {
  const auto reply = rpc_.call("db.mail.claim",
                               {{"worker", worker_}, {"limit", limit}, {"lease_s", lease.count()}});
  std::vector<claimed_mail> out;
  for (const auto& m : reply.at("mails")) {
    out.push_back({m.at("id").get<std::int64_t>(), m.at("template").get<std::string>(),
                   m.at("recipient").get<std::string>(), m.at("params"),
                   m.at("message_id").get<std::string>(), m.at("attempts").get<int>()});
  }
  return out;
}

int outbox::mark_sent(const std::vector<std::int64_t>& ids) {
  return rpc_.call("db.mail.sent", {{"worker", worker_}, {"ids", ids}}).at("marked").get<int>();
}

std::future<int> outbox::mark_sent_async(const std::vector<std::int64_t>& ids) {
  auto reply = rpc_.call_async("db.mail.sent", {{"worker", worker_}, {"ids", ids}});
  return std::async(std::launch::deferred, [reply = std::move(reply)]() mutable {
    return reply.get().at("marked").get<int>();
  });
}

std::string outbox::mark_failed(std::int64_t id, const std::string& error,
                                std::optional<std::chrono::milliseconds> retry_in) {
  // The schema allows 2000 characters; cut between UTF-8 characters.
  auto text = error.substr(0, 2000);
  while (text.size() < error.size() && !text.empty() &&
         (static_cast<unsigned char>(error[text.size()]) & 0xC0) == 0x80) {
    text.pop_back();
  }
  nlohmann::json params = {{"worker", worker_}, {"id", id}, {"error", text}};
  if (retry_in) {
    params["retry_in_s"] = static_cast<double>(retry_in->count()) / 1000.0;
  } else {
    params["dead"] = true;
  }
  return rpc_.call("db.mail.failed", params).at("status").get<std::string>();
}

}  // namespace cambio::mailer
