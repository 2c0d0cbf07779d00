#pragma once
// The mailer's side of the outbox, over db-proxy's db.mail.claim / db.mail.sent / db.mail.failed
// (proto-schemas/db.mail.*.json). Every call throws rmqrpc::error (db-proxy or the broker down,
// failed_precondition when a lease was lost).

#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rmqrpc {
class client;
}

namespace cambio::mailer {

struct claimed_mail {
  std::int64_t id = 0;
  std::string template_name;
  std::string recipient;
  nlohmann::json params = nlohmann::json::object();
  std::string message_id;  // left part of the Message-ID, the same on every attempt
  int attempts = 0;        // failed attempts before this one
};

// A name for this mailer process that no other (nor a restart of this one) shares:
// "<host>:<pid>:<random>". Leases are taken in its name.
std::string make_worker_id();

class outbox {
 public:
  outbox(rmqrpc::client& rpc, std::string worker);

  const std::string& worker() const { return worker_; }

  std::vector<claimed_mail> claim(int limit, std::chrono::seconds lease);
  // How many were marked (a mail whose lease was lost is not).
  int mark_sent(const std::vector<std::int64_t>& ids);
  // The same, without waiting: the future's get() gives the count or throws rmqrpc::error.
  std::future<int> mark_sent_async(const std::vector<std::int64_t>& ids);
  // A failed attempt: retry after `retry_in`, or dead without one. Returns the new status.
  std::string mark_failed(std::int64_t id, const std::string& error,
                          std::optional<std::chrono::milliseconds> retry_in);

 private:
  rmqrpc::client& rpc_;
  std::string worker_;
};

}  // namespace cambio::mailer
