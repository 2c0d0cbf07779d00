// `cambioctl queues` and `cambioctl dlq list`: what the management API answers, as people read it.

#include <catch2/catch.hpp>

#include "cambioctl/dead_letter_listing.hpp"
#include "cambioctl/queue_table.hpp"

using namespace cambio::cambioctl;
using nlohmann::json;

namespace {

const json k_queues = json::parse(R"([
  {"name": "db.ping.dlq", "messages_ready": 3, "messages_unacknowledged": 0, "consumers": 0},
  {"name": "db.ping", "messages_ready": 0, "messages_unacknowledged": 2, "consumers": 4},
  {"name": "alerts.health", "consumers": 1},
  {"name": "rates.health.dlq", "messages_ready": 0, "messages_unacknowledged": 0, "consumers": 0},
  {"not a queue": true}
])");

}  // namespace

TEST_CASE("queues: parsed, sorted by name, counters missing count as 0") {
  const auto rows = parse_queue_list(k_queues);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].name == "alerts.health");
  CHECK(rows[0].ready == 0);
  CHECK(rows[0].consumers == 1);
  CHECK(rows[1].name == "db.ping");
  CHECK(rows[1].unacked == 2);
  CHECK(rows[2].name == "db.ping.dlq");
  CHECK(rows[2].dead_letter());
  CHECK_FALSE(rows[1].dead_letter());
  CHECK_FALSE(queue_row{".dlq"}.dead_letter());
  CHECK(parse_queue_list(json::object()).empty());
}

TEST_CASE("queues: the table marks dead-letter queues and counts what waits in them") {
  const auto table = format_queue_table(parse_queue_list(k_queues), "/");
  INFO(table);
  CHECK(table.starts_with("QUEUE"));
  CHECK(table.find("db.ping.dlq             3        0          0  dead letters\n") !=
        std::string::npos);
  CHECK(table.find("db.ping                 0        2          4\n") != std::string::npos);
  CHECK(table.find("3 dead-lettered message(s) in 1 queue(s)") != std::string::npos);
  CHECK(format_queue_table({}, "t_1").find("(no queues in vhost 't_1')") != std::string::npos);
}

TEST_CASE("queues: the JSON lists every queue with its counters") {
  const auto j = queues_json(parse_queue_list(k_queues), "/");
  CHECK(j["vhost"] == "/");
  REQUIRE(j["queues"].size() == 4);
  CHECK(j["queues"][2] == json{{"name", "db.ping.dlq"},
                               {"ready", 3},
                               {"unacked", 0},
                               {"consumers", 0},
                               {"dead_letter", true}});
}

TEST_CASE("dlq: either name of the queue finds its dead-letter queue") {
  CHECK(dead_letter_queue_of("db.ping") == "db.ping.dlq");
  CHECK(dead_letter_queue_of("db.ping.dlq") == "db.ping.dlq");
  CHECK(origin_queue_of("db.ping.dlq") == "db.ping");
  CHECK(origin_queue_of("db.ping") == "db.ping");
}

TEST_CASE("dlq: each dead letter shows why it died, its properties and its body") {
  const auto messages = json::parse(R"([
    {"payload_bytes": 13, "redelivered": true, "exchange": "", "routing_key": "db.ping.dlq",
     "message_count": 4,
     "properties": {"message_id": "m-1", "correlation_id": "c-1", "delivery_mode": 2,
                    "headers": {"x-cambio-dead-reason": "delivered 3 times without an ack",
                                "x-request-id": "r-9",
                                "x-death": [{"count": 1, "reason": "rejected", "queue": "db.ping",
                                             "exchange": "", "time": 1700000000,
                                             "routing-keys": ["db.ping"]}]}},
     "payload": "{\"text\":\"x\"}", "payload_encoding": "string"},
    {"payload_bytes": 3, "redelivered": false, "routing_key": "db.ping.dlq", "message_count": 3,
     "properties": {}, "payload": "AAEC", "payload_encoding": "base64"}
  ])");
  const auto text = format_dead_letters(messages, "db.ping.dlq");
  INFO(text);
  CHECK(text.starts_with("db.ping.dlq: showing 2 of 5 dead letter(s)\n"));
  CHECK(text.find("#1  routing key db.ping.dlq, redelivered, 13 bytes") != std::string::npos);
  CHECK(text.find("  reason: delivered 3 times without an ack\n") != std::string::npos);
  CHECK(text.find("  x-death: queue=db.ping reason=rejected count=1 exchange= time=1700000000\n") !=
        std::string::npos);
  CHECK(text.find(R"(properties: {"correlation_id":"c-1","delivery_mode":2,"message_id":"m-1"})") !=
        std::string::npos);
  CHECK(text.find(R"(headers: {"x-request-id":"r-9"})") != std::string::npos);
  CHECK(text.find(R"(  body: {"text":"x"})") != std::string::npos);
  CHECK(text.find("  body (base64): AAEC") != std::string::npos);
  CHECK(format_dead_letters(json::array(), "q.dlq") == "q.dlq: no dead letters\n");
}
