#include "web_server.hpp"

#include <memory>

#include "accounts/account_pages.hpp"
#include "accounts/account_settings.hpp"
#include "accounts/profile_cache.hpp"
#include "alerts/alert_api.hpp"
#include "alerts/alert_pages.hpp"
#include "alerts/alert_settings.hpp"
#include "api/json_api.hpp"
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
  // Each request holds its thread while it waits on its RPC calls, and a keep-alive connection
  // holds one between requests: the pool bounds the requests served at once.
  const auto threads =
      static_cast<std::size_t>(s.config().get_int("CAMBIO_HTTP_THREADS", 64, 1, 1024));
  auto http = std::make_shared<cambio::http_server>("web");
  http->routes().new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  auto rates = std::make_shared<rates_backend>(s.client());
  auto& client = s.client();
  auto& routes = http->routes();
  // The profiles read lately (/api/v1/me, the profile page), each dropped on its accounts.changed.
  const accounts::profile_cache_settings cache_settings{
      std::chrono::seconds(s.config().get_int("CAMBIO_PROFILE_CACHE_TTL_S", 60, 0, 3600)),
      static_cast<std::size_t>(
          s.config().get_int("CAMBIO_PROFILE_CACHE_ENTRIES", 10000, 1, 10'000'000))};
  auto profiles = std::make_shared<accounts::profile_cache>(
      cache_settings, s.metrics(), [&s] { return s.server().connection_number(); });
  s.server().subscribe("frontend.profiles.changed", "accounts.changed",
                       [profiles](const rmqrpc::request& r) {
                         profiles->forget(r.params().at("user_id").get<std::int64_t>());
                       },
                       {.broadcast = true});
  // The pages: home, accounts, profile, the shells, the stylesheet and the friendly error pages.
  auto site = std::make_shared<accounts::account_site>(client, *profiles);
  site->append_routes(routes);
  append_rates_page(routes, *rates);
  routes.Get("/api/v1/health", [&client](const httplib::Request&, httplib::Response& res) {
    res.set_content(to_json(probe_backends(client, k_probe_timeout)).dump(), "application/json");
  });
  append_rates_api(routes, *rates);
  auto api = std::make_shared<api::json_api>(client, *profiles);
  api->append_routes(routes);
  // Alerts: the pages in the frame of the account pages, the endpoints in the API's.
  auto alert_settings = std::make_shared<alerts::alert_settings>();
  alerts::append_alert_pages(routes, *site, *rates, alert_settings);
  alerts::append_alert_api(routes, api->context(), *rates, alert_settings);
  // Last: any other /api/v1 path is a JSON 404, not an empty one.
  const auto no_such_endpoint = api_handler([](const httplib::Request& req) -> api_reply {
    throw rmqrpc::error(rmqrpc::errc::not_found, "no such endpoint: " + req.path);
  });
  routes.Get(R"(/api/v1/.*)", no_such_endpoint);
  routes.Post(R"(/api/v1/.*)", no_such_endpoint);
  routes.Patch(R"(/api/v1/.*)", no_such_endpoint);
  routes.Delete(R"(/api/v1/.*)", no_such_endpoint);

  // CAMBIO_SECRET_KEY is required: read at start, not while wiring (--list-queues needs none).
  s.on_start([http, rates, site, api, alert_settings, host, port, &s] {
    const auto accounts = accounts::account_settings_from(
        s.config(), "http://" + (host == "0.0.0.0" ? std::string("127.0.0.1") : host) + ":" +
                        std::to_string(port));
    auto limits = std::make_shared<accounts::address_limits>(accounts);
    site->configure(accounts, limits);
    api->configure(s.config(), accounts, limits);
    *alert_settings = alerts::alert_settings_from(s.config(), accounts);
    http->start(host, port);
  });
  s.on_stop([http] { http->stop(); });
}

}  // namespace cambio::frontend
