#include "fake_provider_server.hpp"

#include <algorithm>
#include <stdexcept>

#include <httplib.h>

namespace cambio::rates::testing {

std::string fake_request::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

fake_provider_server::fake_provider_server(router route)
    : route_(std::move(route)), server_(std::make_unique<httplib::Server>()) {
  server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    fake_request request{req.path, {}, req.get_header_value("User-Agent")};
    for (const auto& [name, value] : req.params) request.params[name] = value;
    const auto reply = answer(request);
    wait(reply.delay);
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name.c_str(), value);
    if (reply.chunked) {
      res.set_chunked_content_provider(
          reply.content_type, [body = reply.body](size_t, httplib::DataSink& sink) {
            for (std::size_t at = 0; at < body.size(); at += 1024) {
              sink.write(body.data() + at, std::min<std::size_t>(1024, body.size() - at));
            }
            sink.done();
            return true;
          });
    } else {
      res.set_content(reply.body, reply.content_type.c_str());
    }
  });
  server_->set_tcp_nodelay(true);  // reused connections would otherwise wait on delayed ACKs
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake provider server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  // stop() is a no-op until the accept loop runs (httplib 0.11 has no wait_until_ready): wait for
  // it here, so that a server destroyed at once still stops.
  while (!server_->is_running() && !listen_returned_) std::this_thread::yield();
}

fake_provider_server::~fake_provider_server() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();  // a slow reply in progress ends now, not after its delay
  server_->stop();
  thread_.join();
}

std::string fake_provider_server::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void fake_provider_server::script(fake_reply reply, int times) {
  const std::lock_guard lock(mutex_);
  for (int i = 0; i < times; ++i) scripted_.push_back(reply);
}

std::vector<fake_request> fake_provider_server::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

fake_reply fake_provider_server::answer(const fake_request& request) {
  std::unique_lock lock(mutex_);
  requests_.push_back(request);
  if (!scripted_.empty()) {
    auto reply = std::move(scripted_.front());
    scripted_.pop_front();
    return reply;
  }
  lock.unlock();
  return route_(request);
}

void fake_provider_server::wait(std::chrono::milliseconds delay) {
  if (delay <= std::chrono::milliseconds::zero()) return;
  std::unique_lock lock(mutex_);
  stopping_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace cambio::rates::testing
