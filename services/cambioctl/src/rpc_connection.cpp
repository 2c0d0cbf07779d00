#include "cambioctl/rpc_connection.hpp"

#include <thread>

#include "cambioctl/urls.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::cambioctl {
namespace {

rmqrpc::client_settings client_settings_for(const settings& s, std::chrono::milliseconds timeout) {
  try {
    parse_amqp_url(s.amqp_url);
  } catch (const std::invalid_argument& e) {
    throw settings_error(std::string("CAMBIO_AMQP_URL: ") + e.what());
  }
  rmqrpc::client_settings out;
  out.connection.url = s.amqp_url;
  out.connection.name = "cambioctl";
  out.connection.connect_timeout = timeout;
  out.default_timeout = timeout;
  return out;
}

}  // namespace

rpc_connection::rpc_connection(const settings& s, std::chrono::milliseconds timeout)
    : client_(client_settings_for(s, timeout), metrics_) {
  // The client connects in the background and fails calls made before it is connected; a one-shot
  // CLI waits for the connection first. rmqrpc::client offers no event for it, hence the polling.
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!client_.connected()) {
    if (std::chrono::steady_clock::now() >= until) {
      throw rmqrpc::error(rmqrpc::errc::unavailable,
                          "cannot reach the broker at " + redacted(s.amqp_url) + " within " +
                              std::to_string(timeout.count()) + " ms",
                          {{"transport", true}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace cambio::cambioctl
