#pragma once
// An HTTP server (cpp-httplib) serving on its own thread: register routes on routes(), then
// start(). Used by the admin port of every service and by the frontend's web port.
//
// Three of cpp-httplib 0.11's defaults are changed, as web servers set them: a keep-alive
// connection serves up to k_keep_alive_requests requests (not 5: a client would reconnect every 5
// requests); the listening socket's backlog is the system's maximum (SOMAXCONN), not 5 (Debian's
// library is built with CPPHTTPLIB_LISTEN_BACKLOG 5: a burst of new connections overflowed the
// queue, and a client whose SYN was dropped waited a second to try again); and TCP_NODELAY is on
// (off, each response's body waited 40 ms for the client's delayed ACK of its head).
//
//   cambio::http_server http("admin");
//   http.routes().Get("/healthz", [](const httplib::Request&, httplib::Response& res) { ... });
//   http.start("127.0.0.1", 0);  // port 0: an ephemeral port, see port()

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

#include <httplib.h>

namespace cambio {

class http_server {
 public:
  // Requests one keep-alive connection serves before the server closes it (nginx's default).
  static constexpr std::size_t k_keep_alive_requests = 1000;

  // `name` appears in log lines ("admin", "web").
  explicit http_server(std::string name);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Routes are registered before start(). A handler that throws answers 500 and is logged.
  httplib::Server& routes() { return server_; }

  // Binds host:port and serves until stop(). Throws std::runtime_error if the port cannot be bound.
  void start(const std::string& host, std::uint16_t port);
  // Stops accepting and joins the serving thread. Idempotent; also called by the destructor.
  void stop();

  // The bound port (the ephemeral one when started with port 0); 0 before start().
  std::uint16_t port() const { return port_; }

 private:
  std::string name_;
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> finished_{false};
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;  // the listening socket (seen by the socket options callback)
};

}  // namespace cambio
