#include "cambioctl/dead_letter_listing.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr std::string_view k_dlq_suffix = ".dlq";

std::string compact(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// x-death is a list of {count, reason, queue, exchange, routing-keys, time}: one line each.
std::string describe_deaths(const json& deaths) {
  std::string out;
  if (!deaths.is_array()) return out;
  for (const auto& death : deaths) {
    if (!death.is_object()) continue;
    out += "  x-death:";
    for (const auto* key : {"queue", "reason", "count", "exchange", "time"}) {
      if (const auto it = death.find(key); it != death.end()) {
        out += std::string(" ") + key + "=" +
               (it->is_string() ? it->get<std::string>() : compact(*it));
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string dead_letter_queue_of(std::string_view queue) {
  if (queue.ends_with(k_dlq_suffix)) return std::string(queue);
  return std::string(queue) + std::string(k_dlq_suffix);
}

std::string origin_queue_of(std::string_view queue) {
  if (queue.ends_with(k_dlq_suffix)) queue.remove_suffix(k_dlq_suffix.size());
  return std::string(queue);
}

std::string format_dead_letters(const json& messages, std::string_view dlq) {
  if (!messages.is_array() || messages.empty()) return std::string(dlq) + ": no dead letters\n";
  const auto& first = messages.front();
  std::string out = std::string(dlq) + ": showing " + std::to_string(messages.size());
  if (first.is_object() && first.contains("message_count") && first["message_count"].is_number()) {
    // message_count: the messages left after the first one was taken.
    out += " of " + std::to_string(first["message_count"].get<std::int64_t>() + 1);
  }
  out += " dead letter(s)\n";
  int number = 0;
  for (const auto& message : messages) {
    ++number;
    if (!message.is_object()) continue;
    out += "\n#" + std::to_string(number) + "  routing key " +
           message.value("routing_key", std::string("?")) + ", " +
           (message.value("redelivered", false) ? "redelivered" : "not redelivered") + ", " +
           std::to_string(message.value("payload_bytes", 0)) + " bytes\n";
    json properties = message.value("properties", json::object());
    if (!properties.is_object()) properties = json::object();
    json headers = properties.value("headers", json::object());
    if (!headers.is_object()) headers = json::object();
    if (const auto reason = headers.find("x-cambio-dead-reason"); reason != headers.end()) {
      out += "  reason: " + (reason->is_string() ? reason->get<std::string>() : compact(*reason)) +
             "\n";
      headers.erase("x-cambio-dead-reason");
    }
    if (const auto deaths = headers.find("x-death"); deaths != headers.end()) {
      out += describe_deaths(*deaths);
      headers.erase("x-death");
    }
    properties.erase("headers");
    if (!properties.empty()) out += "  properties: " + compact(properties) + "\n";
    if (!headers.empty()) out += "  headers: " + compact(headers) + "\n";
    const auto payload = message.find("payload");
    if (payload != message.end()) {
      const bool base64 = message.value("payload_encoding", std::string()) == "base64";
      out += std::string("  body") + (base64 ? " (base64)" : "") + ": " +
             (payload->is_string() ? payload->get<std::string>() : compact(*payload)) + "\n";
    }
  }
  return out;
}

}  // namespace cambio::cambioctl
