#pragma once
// Dead letters for people: which queue holds them, and what each one is.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cambio::cambioctl {

// The dead-letter queue of a queue named on the command line: "db.ping" → "db.ping.dlq"
// ("db.ping.dlq" is taken as is).
std::string dead_letter_queue_of(std::string_view queue);
// The queue a dead-letter queue belongs to: "db.ping.dlq" → "db.ping".
std::string origin_queue_of(std::string_view queue);

// The messages of a management API "get" answer: per message its routing key, why it died
// (x-cambio-dead-reason, x-death), its identifying properties, the other headers and the body.
std::string format_dead_letters(const nlohmann::json& messages, std::string_view dlq);

}  // namespace cambio::cambioctl
