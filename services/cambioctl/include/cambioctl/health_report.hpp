#pragma once
// The health of the stack as cambioctl shows it: one probe of `<prefix>.health` per service, as a
// table for people or one JSON object for scripts.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cambio::cambioctl {

struct service_ref {
  std::string name;          // "db-proxy"
  std::string queue_prefix;  // "db": its health queue is "db.health"
  std::string health_queue() const { return queue_prefix + ".health"; }
};

// The five services of Cambio, in the order they are shown.
const std::vector<service_ref>& cambio_services();

// The outcome of one health call: the report, or why there is none.
struct health_probe {
  service_ref service;
  std::optional<nlohmann::json> report;  // the <prefix>.health reply
  // When there is no report: an error reply (the service answered) or a transport failure
  // ("unavailable": nothing serves the queue, "deadline_exceeded": no answer in time).
  bool error_reply = false;
  std::string error_code;
  std::string error_message;
};

enum class health_status { up, unhealthy, down };
std::string_view to_string(health_status status);

// up: reported healthy; unhealthy: reported not healthy, or answered with an error; down: no
// answer.
health_status status_of(const health_probe& probe);

// "45s", "12m 03s", "3h 07m", "2d 04h".
std::string format_uptime(double seconds);

// SERVICE / STATUS / VERSION / UPTIME, then per served queue its handled/failed/dead-lettered/
// in-flight counts, failed checks, and for a service that is down the reason.
std::string format_health_table(const std::vector<health_probe>& probes);

// {"healthy": bool, "services": {"db-proxy": {"status", "queue", "report"|"error"}, ...}}
nlohmann::json health_json(const std::vector<health_probe>& probes);

// 0 when every service is up, 1 otherwise.
int health_exit_code(const std::vector<health_probe>& probes);

}  // namespace cambio::cambioctl
