#include "cambioctl/rpc_connection.hpp"

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
  // CLI waits for the connection first.
  if (!client_.wait_connected(timeout)) {
    throw rmqrpc::error(rmqrpc::errc::unavailable,
                        "cannot reach the broker at " + redacted(s.amqp_url) + " within " +
                            std::to_string(timeout.count()) + " ms",
                        {{"transport", true}});
  }
}

}  // namespace cambio::cambioctl
