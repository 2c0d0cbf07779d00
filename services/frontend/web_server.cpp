#include "web_server.hpp"

#include <memory>

#include "backend_status.hpp"
#include "cambio/http_server.hpp"
#include "home_page.hpp"

namespace cambio::frontend {
namespace {

// How long a page waits for the backends' health answers.
constexpr std::chrono::milliseconds k_probe_timeout{1000};

}  // namespace

void append_web_server(cambio::service& s) {
  const auto host = s.config().get("CAMBIO_HTTP_HOST", "127.0.0.1");
  const auto port = s.config().get_port("CAMBIO_HTTP_PORT", 8080);
  auto http = std::make_shared<cambio::http_server>("web");
  auto& client = s.client();

  http->routes().Get("/", [&client](const httplib::Request&, httplib::Response& res) {
    res.set_content(render_home_page(probe_backends(client, k_probe_timeout)),
                    "text/html; charset=utf-8");
  });
  http->routes().Get("/api/v1/health", [&client](const httplib::Request&, httplib::Response& res) {
    res.set_content(to_json(probe_backends(client, k_probe_timeout)).dump(), "application/json");
  });

  s.on_start([http, host, port] { http->start(host, port); });
  s.on_stop([http] { http->stop(); });
}

}  // namespace cambio::frontend
