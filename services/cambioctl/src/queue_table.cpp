#include "cambioctl/queue_table.hpp"

#include <algorithm>

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr std::string_view k_dlq_suffix = ".dlq";

std::int64_t count_of(const json& queue, const char* key) {
  const auto it = queue.find(key);
  return it != queue.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::string right(std::int64_t n, std::size_t width) {
  auto text = std::to_string(n);
  if (text.size() < width) text.insert(0, width - text.size(), ' ');
  return text;
}

std::string left(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

bool queue_row::dead_letter() const {
  return name.size() > k_dlq_suffix.size() && name.ends_with(k_dlq_suffix);
}

std::vector<queue_row> parse_queue_list(const json& answer) {
  std::vector<queue_row> rows;
  if (!answer.is_array()) return rows;
  for (const auto& queue : answer) {
    if (!queue.is_object()) continue;
    const auto name = queue.find("name");
    if (name == queue.end() || !name->is_string()) continue;
    rows.push_back({name->get<std::string>(), count_of(queue, "messages_ready"),
                    count_of(queue, "messages_unacknowledged"), count_of(queue, "consumers")});
  }
  std::sort(rows.begin(), rows.end(),
            [](const queue_row& a, const queue_row& b) { return a.name < b.name; });
  return rows;
}

std::string format_queue_table(const std::vector<queue_row>& rows, std::string_view vhost) {
  std::size_t width = 5;
  for (const auto& row : rows) width = std::max(width, row.name.size());
  std::string out = left("QUEUE", width) + "    READY  UNACKED  CONSUMERS\n";
  std::int64_t dead = 0;
  std::size_t dead_queues = 0;
  for (const auto& row : rows) {
    out += left(row.name, width) + " " + right(row.ready, 8) + " " + right(row.unacked, 8) + " " +
           right(row.consumers, 10);
    if (row.dead_letter()) {
      out += "  dead letters";
      const auto depth = row.ready + row.unacked;
      if (depth > 0) {
        dead += depth;
        ++dead_queues;
      }
    }
    out += "\n";
  }
  if (rows.empty()) out += "(no queues in vhost '" + std::string(vhost) + "')\n";
  if (dead > 0) {
    out += "\n" + std::to_string(dead) + " dead-lettered message(s) in " +
           std::to_string(dead_queues) + " queue(s): see them with `cambioctl dlq list <queue>`\n";
  }
  return out;
}

json queues_json(const std::vector<queue_row>& rows, std::string_view vhost) {
  json queues = json::array();
  for (const auto& row : rows) {
    queues.push_back({{"name", row.name},
                      {"ready", row.ready},
                      {"unacked", row.unacked},
                      {"consumers", row.consumers},
                      {"dead_letter", row.dead_letter()}});
  }
  return {{"vhost", vhost}, {"queues", std::move(queues)}};
}

}  // namespace cambio::cambioctl
