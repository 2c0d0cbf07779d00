#pragma once
// The queues of a vhost as the management API lists them, for `cambioctl queues`.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cambio::cambioctl {

struct queue_row {
  std::string name;
  std::int64_t ready = 0;
  std::int64_t unacked = 0;
  std::int64_t consumers = 0;

  bool dead_letter() const;  // a "<queue>.dlq"
};

// The answer of GET /api/queues/<vhost>, sorted by name (a queue's .dlq right after it). Counters
// the API has not computed yet (a brand-new queue) count as 0.
std::vector<queue_row> parse_queue_list(const nlohmann::json& answer);

// QUEUE / READY / UNACKED / CONSUMERS, dead-letter queues marked, and a closing line on the dead
// letters waiting.
std::string format_queue_table(const std::vector<queue_row>& rows, std::string_view vhost);

// {"vhost": "/", "queues": [{"name", "ready", "unacked", "consumers", "dead_letter"}]}
nlohmann::json queues_json(const std::vector<queue_row>& rows, std::string_view vhost);

}  // namespace cambio::cambioctl
