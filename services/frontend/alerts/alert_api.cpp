#include "alerts/alert_api.hpp"

#include "accounts/account_backend.hpp"
#include "alerts/alert_backend.hpp"
#include "alerts/alert_form.hpp"
#include "alerts/alert_views.hpp"
#include "alerts/unsubscribe_link.hpp"
#include "api/json_body.hpp"
#include "api_handler.hpp"
#include "cambio/log.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::alerts {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("alerts");
  return log;
}

constexpr int k_default_history = 50;
constexpr int k_max_history = 500;

int history_limit(const httplib::Request& req) {
  const auto text = req.get_param_value("history_limit");
  if (text.empty()) return k_default_history;
  if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < 1 || std::stoi(text) > k_max_history) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument,
                        "history_limit: must be a whole number from 1 to 500",
                        {{"parameter", "history_limit"}});
  }
  return std::stoi(text);
}

class endpoints {
 public:
  endpoints(api::context_source context, rates_backend& rates,
            std::shared_ptr<const alert_settings> settings)
      : context_(std::move(context)), rates_(rates), settings_(std::move(settings)) {}

  api_reply list(const httplib::Request& req, httplib::Response& res) {
    auto& c = context_();
    const auto caller = c.guard.admit(req, res);
    const auto query = parse_list_query(req.params, k_page_size);
    accounts::rpc_account_backend db(c.client);
    alert_backend backend(db, rates_);
    backend.start_rates();
    const auto reply = backend.list(list_params(query, caller.user_id));
    const auto& alerts = reply.at("alerts");
    const auto now = backend.market_for(alerts);
    auto out = nlohmann::json::array();
    for (const auto& a : alerts) out.push_back(alert_json(a, now));
    return {{{"alerts", out}, {"next_after", reply.value("next_after_id", nlohmann::json())}},
            "no-store"};
  }

  api_reply create(const httplib::Request& req, httplib::Response& res) {
    auto& c = context_();
    const auto caller = c.guard.admit(req, res);
    const auto checked = check_alert(fields_of_json(api::json_object_body(req)));
    if (!checked.ok()) {
      const auto& [field, problem] = *checked.problems.begin();
      throw rmqrpc::error(rmqrpc::errc::invalid_argument, field + ": " + problem,
                          {{"fields", checked.problems}});
    }
    create_context context;
    context.user_id = caller.user_id;
    context.public_id = new_public_id();
    context.unsubscribe_url = unsubscribe_url(settings_->public_url, settings_->unsubscribe_key,
                                              alert_scope(context.public_id));
    context.digest_unsubscribe_url = unsubscribe_url(
        settings_->public_url, settings_->unsubscribe_key, digest_scope(caller.user_id));
    context.manage_url = settings_->public_url + "/alerts";
    context.max_alerts = settings_->max_alerts;
    accounts::rpc_account_backend db(c.client);
    alert_backend backend(db, rates_);
    backend.start_rates();
    const auto reply = backend.create(create_params(*checked.spec, context));
    const auto& alert = reply.at("alert");
    logger()->info("user {} created alert {} (API)", caller.user_id, alert.at("id").dump());
    res.set_header("Location", "/api/v1/alerts/" + alert.at("id").dump());
    return {alert_json(alert, backend.market_for(nlohmann::json::array({alert}))), "no-store", 201};
  }

  api_reply get(const httplib::Request& req, httplib::Response& res) {
    auto& c = context_();
    const auto caller = c.guard.admit(req, res);
    const auto id = parse_alert_id(req.matches[1].str());
    const auto limit = history_limit(req);
    accounts::rpc_account_backend db(c.client);
    alert_backend backend(db, rates_);
    backend.start_rates();
    const auto reply = backend.get(caller.user_id, id, limit);
    const auto& alert = reply.at("alert");
    auto out = alert_json(alert, backend.market_for(nlohmann::json::array({alert})));
    out["history"] = reply.value("history", nlohmann::json::array());
    return {out, "no-store"};
  }

  api_reply patch(const httplib::Request& req, httplib::Response& res) {
    auto& c = context_();
    const auto caller = c.guard.admit(req, res);
    const auto id = parse_alert_id(req.matches[1].str());
    const auto body = api::json_object_body(req);
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != "status") {
        throw rmqrpc::error(
            rmqrpc::errc::invalid_argument,
            "only status can be changed (unknown field '" + it.key().substr(0, 64) + "')",
            {{"field", it.key().substr(0, 64)}});
      }
    }
    const auto status = parse_status_change(api::string_field(body, "status", 16));
    accounts::rpc_account_backend db(c.client);
    alert_backend backend(db, rates_);
    backend.start_rates();
    const auto reply = backend.set_status(caller.user_id, id, status);
    const auto& alert = reply.at("alert");
    return {alert_json(alert, backend.market_for(nlohmann::json::array({alert}))), "no-store"};
  }

  api_reply remove(const httplib::Request& req, httplib::Response& res) {
    auto& c = context_();
    const auto caller = c.guard.admit(req, res);
    const auto id = parse_alert_id(req.matches[1].str());
    accounts::rpc_account_backend db(c.client);
    alert_backend backend(db, rates_);
    backend.remove(caller.user_id, id);
    logger()->info("user {} deleted alert {} (API)", caller.user_id, id);
    return {nlohmann::json(), "no-store", 204};
  }

 private:
  api::context_source context_;
  rates_backend& rates_;
  std::shared_ptr<const alert_settings> settings_;
};

}  // namespace

void append_alert_api(httplib::Server& routes, api::context_source context, rates_backend& rates,
                      std::shared_ptr<const alert_settings> settings) {
  auto e = std::make_shared<endpoints>(std::move(context), rates, std::move(settings));
  using fn = api_reply (endpoints::*)(const httplib::Request&, httplib::Response&);
  const auto bind = [e](fn method) {
    return api_handler([e, method](const httplib::Request& req, httplib::Response& res) {
      return ((*e).*method)(req, res);
    });
  };
  routes.Get("/api/v1/alerts", bind(&endpoints::list));
  routes.Post("/api/v1/alerts", bind(&endpoints::create));
  routes.Get(R"(/api/v1/alerts/(\d+))", bind(&endpoints::get));
  routes.Patch(R"(/api/v1/alerts/(\d+))", bind(&endpoints::patch));
  routes.Delete(R"(/api/v1/alerts/(\d+))", bind(&endpoints::remove));
}

}  // namespace cambio::frontend::alerts
