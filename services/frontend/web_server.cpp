#include "web_server.hpp"

#include <memory>

#include "api_handler.hpp"
#include "backend_status.hpp"
#include "cambio/http_server.hpp"
#include "home_page.hpp"
#include "rates/rates_api.hpp"
#include "rates/rates_backend.hpp"
#include "rates/rates_page.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

// How long a page waits for the backends' health answers.
constexpr std::chrono::milliseconds k_probe_timeout{1000};

}  // namespace

void append_web_server(cambio::service& s) {
  const auto host = s.config().get("CAMBIO_HTTP_HOST", "127.0.0.1");
  const auto port = s.config().get_port("CAMBIO_HTTP_PORT", 8080);
  auto http = std::make_shared<cambio::http_server>("web");
  auto rates = std::make_shared<rates_backend>(s.client());
  auto& client = s.client();
  auto& routes = http->routes();

  routes.Get("/", [&client](const httplib::Request&, httplib::Response& res) {
    res.set_content(render_home_page(probe_backends(client, k_probe_timeout)),
                    "text/html; charset=utf-8");
  });
  append_rates_page(routes, *rates);
  routes.Get("/api/v1/health", [&client](const httplib::Request&, httplib::Response& res) {
    res.set_content(to_json(probe_backends(client, k_probe_timeout)).dump(), "application/json");
  });
  append_rates_api(routes, *rates);
  // Last: any other /api/v1 path is a JSON 404, not an empty one.
  routes.Get(R"(/api/v1/.*)", api_handler([](const httplib::Request& req) -> api_reply {
               throw rmqrpc::error(rmqrpc::errc::not_found, "no such endpoint: " + req.path);
             }));

  s.on_start([http, rates, host, port] { http->start(host, port); });
  s.on_stop([http] { http->stop(); });
}

}  // namespace cambio::frontend
