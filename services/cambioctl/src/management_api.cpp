#include "cambioctl/management_api.hpp"

#include <httplib.h>

#include "cambio/log.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

const auto& logger() {
  static const auto l = cambio::log::get("cambioctl.management");
  return l;
}

httplib::Client client_for(const http_endpoint& endpoint, std::chrono::milliseconds timeout) {
  httplib::Client client(endpoint.origin());
  if (!endpoint.user.empty())
    client.set_basic_auth(endpoint.user.c_str(), endpoint.password.c_str());
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.set_tcp_nodelay(true);  // a POST's body is not held back for the ACK of its head
  return client;
}

// Throws management_error unless the answer is a 2xx; returns its body parsed (null when empty).
json checked(const httplib::Result& result, const std::string& what,
             const http_endpoint& endpoint) {
  if (!result) {
    const auto why = result.error() == httplib::Error::Connection
                         ? std::string(
                               "cannot connect (is the management plugin on, is "
                               "CAMBIO_MGMT_URL right?)")
                         : httplib::to_string(result.error());
    throw management_error(
        "management API at " + endpoint.origin() + " did not answer " + what + ": " + why, 0);
  }
  const auto status = result->status;
  if (status == 401) {
    throw management_error(
        "management API refused the credentials of CAMBIO_MGMT_URL (" + what + ": HTTP 401)",
        status);
  }
  if (status < 200 || status >= 300) {
    std::string reason;
    const auto body = json::parse(result->body, nullptr, false);
    if (body.is_object() && body.contains("reason") && body["reason"].is_string()) {
      reason = ": " + body["reason"].get<std::string>();
    }
    throw management_error(what + ": HTTP " + std::to_string(status) + reason, status);
  }
  if (result->body.empty()) return nullptr;
  auto body = json::parse(result->body, nullptr, false);
  if (body.is_discarded()) {
    throw management_error(what + ": the management API answered something that is not JSON",
                           status);
  }
  return body;
}

}  // namespace

management_api::management_api(http_endpoint endpoint, std::string vhost,
                               std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), vhost_(std::move(vhost)), timeout_(timeout) {}

json management_api::queues() const {
  const auto path = endpoint_.base_path + "/api/queues/" + percent_encode(vhost_);
  logger()->debug("GET {}{}", endpoint_.origin(), path);
  auto client = client_for(endpoint_, timeout_);
  return checked(
      client.Get(path + "?columns=name,messages_ready,messages_unacknowledged,consumers"),
      "GET " + path, endpoint_);
}

json management_api::peek(std::string_view queue, int count) const {
  const auto path = endpoint_.base_path + "/api/queues/" + percent_encode(vhost_) + "/" +
                    percent_encode(queue) + "/get";
  const json request{
      {"count", count}, {"ackmode", "ack_requeue_true"}, {"encoding", "auto"}, {"truncate", 65536}};
  logger()->debug("POST {}{}", endpoint_.origin(), path);
  auto client = client_for(endpoint_, timeout_);
  return checked(client.Post(path, request.dump(), "application/json"), "POST " + path, endpoint_);
}

}  // namespace cambio::cambioctl
