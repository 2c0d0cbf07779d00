#include "cambioctl/health_report.hpp"

#include <cmath>
#include <cstdio>

#include "cambioctl/exit_codes.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text + " ";
}

std::string padded_number(std::int64_t n, std::size_t width) {
  auto text = std::to_string(n);
  if (text.size() < width) text.insert(0, width - text.size(), ' ');
  return text;
}

std::string text_of(const json& report, const char* key) {
  const auto it = report.find(key);
  if (it == report.end()) return "-";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

bool flag(const json& object, const char* key, bool fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::int64_t count_of(const json& stats, const char* key) {
  const auto it = stats.find(key);
  return it != stats.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

constexpr std::size_t k_service_width = 16;
constexpr std::size_t k_status_width = 10;
constexpr std::size_t k_version_width = 10;

}  // namespace

const std::vector<service_ref>& cambio_services() {
  static const std::vector<service_ref> services{{"db-proxy", "db"},
                                                 {"rates-ingestor", "rates"},
                                                 {"alert-evaluator", "alerts"},
                                                 {"mailer", "mail"},
                                                 {"frontend", "frontend"}};
  return services;
}

std::string_view to_string(health_status status) {
  switch (status) {
    case health_status::up:
      return "up";
    case health_status::unhealthy:
      return "unhealthy";
    case health_status::down:
      return "down";
  }
  return "down";
}

health_status status_of(const health_probe& probe) {
  if (!probe.report || !probe.report->is_object()) {
    return probe.error_reply ? health_status::unhealthy : health_status::down;
  }
  return flag(*probe.report, "healthy", false) ? health_status::up : health_status::unhealthy;
}

std::string format_uptime(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto total = static_cast<std::int64_t>(seconds);
  const auto days = total / 86400;
  const auto hours = (total % 86400) / 3600;
  const auto minutes = (total % 3600) / 60;
  const auto secs = total % 60;
  char buffer[32];
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldd %02lldh", static_cast<long long>(days),
                  static_cast<long long>(hours));
  } else if (hours > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldh %02lldm", static_cast<long long>(hours),
                  static_cast<long long>(minutes));
  } else if (minutes > 0) {
    std::snprintf(buffer, sizeof buffer, "%lldm %02llds", static_cast<long long>(minutes),
                  static_cast<long long>(secs));
  } else {
    std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(secs));
  }
  return buffer;
}

std::string format_health_table(const std::vector<health_probe>& probes) {
  std::string out = pad("SERVICE", k_service_width) + pad("STATUS", k_status_width) +
                    pad("VERSION", k_version_width) + "UPTIME\n";
  for (const auto& probe : probes) {
    const auto status = status_of(probe);
    out += pad(probe.service.name, k_service_width) +
           pad(std::string(to_string(status)), k_status_width);
    if (!probe.report) {
      out += pad("-", k_version_width) + "-\n";
      out += "    " + probe.service.health_queue() + ": " +
             (probe.error_code.empty() ? std::string("no answer") : probe.error_code) +
             (probe.error_message.empty() ? std::string() : ": " + probe.error_message) + "\n";
      continue;
    }
    const auto& report = *probe.report;
    const auto uptime = report.find("uptime_s");
    out += pad(text_of(report, "version"), k_version_width) +
           (uptime != report.end() && uptime->is_number() ? format_uptime(uptime->get<double>())
                                                          : std::string("-")) +
           "\n";
    if (const auto broker = report.find("broker"); broker != report.end() && broker->is_object()) {
      if (!flag(*broker, "connected", true)) out += "    broker: not connected\n";
    }
    if (const auto checks = report.find("checks"); checks != report.end() && checks->is_object()) {
      for (const auto& [name, check] : checks->items()) {
        if (!check.is_object() || flag(check, "ok", false)) continue;
        out += "    check " + name + " failed: " + text_of(check, "detail") + "\n";
      }
    }
    if (const auto queues = report.find("queues"); queues != report.end() && queues->is_object()) {
      for (const auto& [name, stats] : queues->items()) {
        out += "    " + pad(name, 28) + "handled " + padded_number(count_of(stats, "handled"), 7) +
               "  failed " + padded_number(count_of(stats, "failed"), 5) + "  dead " +
               padded_number(count_of(stats, "dead_lettered"), 4) + "  in flight " +
               padded_number(count_of(stats, "in_flight"), 3) + "\n";
      }
    }
  }
  return out;
}

json health_json(const std::vector<health_probe>& probes) {
  json services = json::object();
  for (const auto& probe : probes) {
    json entry{{"status", to_string(status_of(probe))}, {"queue", probe.service.health_queue()}};
    if (probe.report) {
      entry["report"] = *probe.report;
    } else {
      entry["error"] = {{"code", probe.error_code}, {"message", probe.error_message}};
    }
    services[probe.service.name] = std::move(entry);
  }
  return {{"healthy", health_exit_code(probes) == k_exit_ok}, {"services", std::move(services)}};
}

int health_exit_code(const std::vector<health_probe>& probes) {
  for (const auto& probe : probes) {
    if (status_of(probe) != health_status::up) return k_exit_failed;
  }
  return k_exit_ok;
}

}  // namespace cambio::cambioctl
