#pragma once
// A local HTTP server standing in for a rate provider (cpp-httplib on 127.0.0.1, a port the OS
// picks, one thread). A router speaks the provider's wire format from published data
// (fake_frankfurter.hpp, ...); a test scripts the next answers to produce failures, and reads back
// the requests the server saw.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace cambio::rates::testing {

struct fake_request {
  std::string path;                           // "/latest"
  std::map<std::string, std::string> params;  // the query string, decoded
  std::string user_agent;

  std::string param(const std::string& name) const;
};

struct fake_reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds delay{0};  // waits this long before answering (a slow provider)
  bool chunked = false;                // no Content-Length: the size is known only at the end
};

class fake_provider_server {
 public:
  using router = std::function<fake_reply(const fake_request&)>;

  explicit fake_provider_server(router route);
  ~fake_provider_server();
  fake_provider_server(const fake_provider_server&) = delete;
  fake_provider_server& operator=(const fake_provider_server&) = delete;

  // "http://127.0.0.1:<port>": the base URL to give the provider.
  std::string url() const;

  // The next `times` requests get `reply` instead of the router's answer.
  void script(fake_reply reply, int times = 1);
  // Every request answered so far, oldest first.
  std::vector<fake_request> requests() const;

 private:
  fake_reply answer(const fake_request& request);
  void wait(std::chrono::milliseconds delay);

  router route_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> listen_returned_ = false;
  mutable std::mutex mutex_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::deque<fake_reply> scripted_;
  std::vector<fake_request> requests_;
};

}  // namespace cambio::rates::testing
