// cambio::http_server's connection handling, over raw sockets: keep-alive connections are not cut
// every few requests, the listening socket's backlog holds a burst of new connections, and
// responses are not held back by Nagle's algorithm.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "cambio/http_server.hpp"

namespace {

cambio::http_server& started(cambio::http_server& http) {
  http.routes().Get("/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("pong", "text/plain");
  });
  http.start("127.0.0.1", 0);
  return http;
}

class connection {
 public:
  explicit connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot connect");
    }
  }
  ~connection() { ::close(fd_); }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  std::uint16_t local_port() const {
    sockaddr_in addr{};
    socklen_t size = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size);
    return ntohs(addr.sin_port);
  }

  // One GET /ping on this connection; returns the response head, or "" when the server has closed
  // the connection.
  std::string get() {
    const std::string request = "GET /ping HTTP/1.1\r\nHost: test\r\n\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) < 0) return "";
    std::string in;
    std::array<char, 4096> buffer{};
    // The body is "pong": the response ends with it.
    while (in.size() < 4 || in.compare(in.size() - 4, 4, "pong") != 0) {
      const auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
      if (n <= 0) return "";
      in.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return in.substr(0, in.find("\r\n\r\n"));
  }

 private:
  int fd_;
};

// The listening socket's backlog, as `ss` shows it (Send-Q of a LISTEN socket).
int listen_backlog(std::uint16_t port) {
  const auto command = "ss -ltnH 'sport = :" + std::to_string(port) + "' | awk '{print $3}'";
  std::unique_ptr<FILE, decltype(&::pclose)> pipe(::popen(command.c_str(), "r"), &::pclose);
  if (!pipe) throw std::runtime_error("cannot run ss");
  int backlog = -1;
  if (std::fscanf(pipe.get(), "%d", &backlog) != 1) throw std::runtime_error("no LISTEN socket");
  return backlog;
}

// The server's end of a client's connection: the server runs in this process, so it is the socket
// among this process's descriptors whose local port is the server's and whose peer is the client.
int server_end(std::uint16_t server_port, std::uint16_t client_port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    sockaddr_in local{};
    sockaddr_in peer{};
    socklen_t local_size = sizeof local;
    socklen_t peer_size = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) == 0 &&
        local.sin_family == AF_INET &&
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) == 0 &&
        ntohs(local.sin_port) == server_port && ntohs(peer.sin_port) == client_port) {
      return fd;
    }
  }
  return -1;
}

}  // namespace

TEST_CASE("a keep-alive connection serves many requests, not 5, then the server closes it") {
  cambio::http_server http("test");
  started(http);
  connection c(http.port());
  for (std::size_t i = 1; i < cambio::http_server::k_keep_alive_requests; ++i) {
    const auto head = c.get();
    REQUIRE_FALSE(head.empty());
    REQUIRE(head.find("Connection: close") == std::string::npos);
  }
  // The last one it serves says so.
  CHECK(c.get().find("Connection: close") != std::string::npos);
  CHECK(c.get().empty());
}

TEST_CASE("the listening socket's backlog is the system's, not cpp-httplib's 5") {
  cambio::http_server http("test");
  started(http);
  CHECK(listen_backlog(http.port()) >= 128);
}

// Without TCP_NODELAY (cpp-httplib's default is off) the body, written after the head, waited for
// the client's delayed ACK of the head: 40 ms per response on a keep-alive connection. That alone
// held GET /api/v1/me at 64 connections to ~1,360 req/s (http_bench, README).
TEST_CASE("the server's end of a connection sends at once: TCP_NODELAY is on") {
  cambio::http_server http("test");
  started(http);
  connection c(http.port());
  REQUIRE_FALSE(c.get().empty());  // accepted and served: the server's socket exists
  const int fd = server_end(http.port(), c.local_port());
  REQUIRE(fd >= 0);
  int nodelay = 0;
  socklen_t size = sizeof nodelay;
  REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &size) == 0);
  CHECK(nodelay != 0);
}
