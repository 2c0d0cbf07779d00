#include "cambio/http_server.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include <sys/socket.h>

#include "cambio/log.hpp"

namespace cambio {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("http");
  return log;
}

std::string what(const std::exception_ptr& ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

http_server::http_server(std::string name) : name_(std::move(name)) {
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second process bind the same port
  // and silently share its traffic: a port in use must be an error instead.
  server_.set_socket_options([this](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_fd_ = sock;
  });
  server_.set_keep_alive_max_count(k_keep_alive_requests);
  // Off (cpp-httplib's default), the body written after the head waits for the client's delayed
  // ACK of the head: 40 ms for every response on a keep-alive connection.
  server_.set_tcp_nodelay(true);
  server_.set_exception_handler([this](const httplib::Request& req, httplib::Response& res,
                                       std::exception_ptr ep) {
    logger()->error("{}: {} {} failed: {}; answered 500", name_, req.method, req.path, what(ep));
    res.status = 500;
    res.set_content("internal error\n", "text/plain; charset=utf-8");
  });
}

http_server::~http_server() { stop(); }

void http_server::start(const std::string& host, std::uint16_t port) {
  const int bound =
      port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    throw std::runtime_error(name_ + ": cannot listen on " + host + ":" + std::to_string(port));
  }
  port_ = static_cast<std::uint16_t>(bound);
  // Listening already (backlog 5): listen() again sets the backlog of the listening socket.
  if (listen_fd_ >= 0 && ::listen(listen_fd_, SOMAXCONN) != 0) {
    logger()->warn("{}: could not raise the listen backlog", name_);
  }
  finished_ = false;
  thread_ = std::thread([this] {
    server_.listen_after_bind();
    finished_ = true;
  });
  // cpp-httplib 0.11's stop() is a no-op until the listening loop runs: wait for it (microseconds),
  // as later versions' wait_until_ready() does.
  while (!server_.is_running() && !finished_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  logger()->info("{}: listening on {}:{}", name_, host, port_);
}

void http_server::stop() {
  if (!thread_.joinable()) return;
  server_.stop();
  thread_.join();
  logger()->info("{}: stopped", name_);
}

}  // namespace cambio
