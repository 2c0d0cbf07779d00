#include "alerts/alert_pages.hpp"

#include "alerts/alert_backend.hpp"
#include "alerts/alert_form.hpp"
#include "alerts/alert_views.hpp"
#include "alerts/unsubscribe_link.hpp"
#include "cambio/log.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend::alerts {
namespace {

using accounts::page_kind;
using accounts::page_request;
using accounts::require_signed_in;

const auto& logger() {
  static const auto log = cambio::log::get("alerts");
  return log;
}

constexpr const char* k_fields[] = {"base",        "quote", "threshold",  "condition",
                                    "window_days", "mode",  "cooldown_s", "delivery"};

std::string saved_notice(const std::string& saved) {
  if (saved == "created") return "Your alert is created.";
  if (saved == "exists") return "This alert was already created (the form was sent twice).";
  if (saved == "paused") return "The alert is paused: it sends no mail until you resume it.";
  if (saved == "active") return "The alert is active again.";
  if (saved == "deleted") return "The alert is deleted.";
  return "";
}

class pages {
 public:
  pages(rates_backend& rates, std::shared_ptr<const alert_settings> settings)
      : rates_(rates), settings_(std::move(settings)) {}

  void list(page_request& p) {
    if (!require_signed_in(p)) return;
    p.notice = saved_notice(p.req.get_param_value("saved"));
    const auto query = parse_list_query(p.req.params, k_page_size);
    create_form form;
    form.public_id = new_public_id();
    show_list(p, 200, query, std::move(form));
  }

  void create(page_request& p) {
    if (!require_signed_in(p)) return;
    create_form form;
    for (const char* field : k_fields) form.values[field] = p.req.get_param_value(field);
    const auto given_id = p.req.get_param_value("public_id");
    form.public_id = is_uuid(given_id) ? given_id : new_public_id();
    const auto checked = check_alert(form.values);
    if (!checked.ok()) {
      form.problems = checked.problems;
      form.error = "The alert was not created: check the fields marked below.";
      return show_list(p, 400, list_query{}, std::move(form));
    }
    const auto user_id = p.user->user_id;
    create_context context;
    context.user_id = user_id;
    context.public_id = form.public_id;
    context.unsubscribe_url = unsubscribe_url(settings_->public_url, settings_->unsubscribe_key,
                                              alert_scope(form.public_id));
    context.digest_unsubscribe_url =
        unsubscribe_url(settings_->public_url, settings_->unsubscribe_key, digest_scope(user_id));
    context.manage_url = settings_->public_url + "/alerts";
    context.max_alerts = settings_->max_alerts;
    alert_backend backend(p.backend, rates_);
    nlohmann::json reply;
    try {
      reply = backend.create(create_params(*checked.spec, context));
    } catch (const rmqrpc::error& e) {
      if (e.code() == rmqrpc::errc::invalid_argument) {
        form.error = std::string("The alert was not created: ") + e.what();
        return show_list(p, 400, list_query{}, std::move(form));
      }
      if (e.code() == rmqrpc::errc::resource_exhausted) {
        form.error = std::string("The alert was not created: you have reached the limit (") +
                     e.what() + "). Delete an alert you no longer need first.";
        return show_list(p, 429, list_query{}, std::move(form));
      }
      throw;
    }
    const bool created = reply.value("created", true);
    logger()->info("user {} {} alert {}", user_id, created ? "created" : "re-sent",
                   reply.at("alert").at("id").dump());
    p.redirect(created ? "/alerts?saved=created" : "/alerts?saved=exists");
  }

  void show(page_request& p) {
    if (!require_signed_in(p)) return;
    p.notice = saved_notice(p.req.get_param_value("saved"));
    const auto id = parse_alert_id(p.req.matches[1].str());
    alert_backend backend(p.backend, rates_);
    backend.start_rates();
    const auto reply = backend.get(p.user->user_id, id);
    const auto& alert = reply.at("alert");
    const auto now = backend.market_for(nlohmann::json::array({alert}));
    p.html(200, render_alert_page(p.frame(), alert, reply.value("history", nlohmann::json::array()),
                                  now, backend.rates_missing()));
  }

  void set_status(page_request& p, const std::string& status) {
    if (!require_signed_in(p)) return;
    const auto id = parse_alert_id(p.req.matches[1].str());
    alert_backend backend(p.backend, rates_);
    backend.set_status(p.user->user_id, id, status);
    logger()->info("user {} set alert {} {}", p.user->user_id, id, status);
    if (p.req.get_param_value("from") == "alert") {
      return p.redirect("/alerts/" + std::to_string(id) + "?saved=" + status);
    }
    p.redirect("/alerts?saved=" + status);
  }

  void remove(page_request& p) {
    if (!require_signed_in(p)) return;
    const auto id = parse_alert_id(p.req.matches[1].str());
    alert_backend backend(p.backend, rates_);
    backend.remove(p.user->user_id, id);
    logger()->info("user {} deleted alert {}", p.user->user_id, id);
    p.redirect("/alerts?saved=deleted");
  }

  void unsubscribe(page_request& p, bool confirmed) {
    unsubscribe_view view;
    view.token = p.req.get_param_value("t");
    const auto scope = verify_unsubscribe_token(settings_->unsubscribe_key, view.token);
    const auto target = scope ? parse_scope(*scope) : std::nullopt;
    if (!target) {
      logger()->info("unsubscribe link refused: bad or tampered token");
      return p.html(400, render_unsubscribe_page(p.frame(), view));
    }
    view.digest = target->digest_user.has_value();
    if (!confirmed) {
      view.step = unsubscribe_step::confirm;
      return p.html(200, render_unsubscribe_page(p.frame(), view));
    }
    alert_backend backend(p.backend, rates_);
    view.paused =
        backend.unsubscribe(view.digest ? nlohmann::json{{"digest_user_id", *target->digest_user}}
                                        : nlohmann::json{{"public_id", *target->public_id}});
    view.step = unsubscribe_step::done;
    logger()->info("unsubscribe ({}): {} alert(s) paused", view.digest ? "digest" : "alert",
                   view.paused);
    p.html(200, render_unsubscribe_page(p.frame(), view));
  }

 private:
  void show_list(page_request& p, int status, const list_query& query, create_form form) {
    alert_backend backend(p.backend, rates_);
    backend.start_rates();
    const auto reply = backend.list(list_params(query, p.user->user_id));
    alerts_page view;
    view.alerts = reply.at("alerts");
    view.now = backend.market_for(view.alerts);
    view.rates_missing = backend.rates_missing();
    view.query = query;
    const auto& next = reply.value("next_after_id", nlohmann::json());
    if (next.is_number_integer()) view.next_after = next.get<std::int64_t>();
    view.form = std::move(form);
    p.html(status, render_alerts_page(p.frame(), view));
  }

  rates_backend& rates_;
  std::shared_ptr<const alert_settings> settings_;
};

}  // namespace

void append_alert_pages(httplib::Server& routes, accounts::account_site& site, rates_backend& rates,
                        std::shared_ptr<const alert_settings> settings) {
  auto handlers = std::make_shared<pages>(rates, std::move(settings));
  const auto bind = [handlers](void (pages::*fn)(page_request&)) {
    return [handlers, fn](page_request& p) { ((*handlers).*fn)(p); };
  };
  routes.Get("/alerts", site.page(page_kind::read, bind(&pages::list)));
  routes.Post("/alerts", site.page(page_kind::change, bind(&pages::create)));
  routes.Get("/alerts/unsubscribe", site.page(page_kind::read_lenient, [handlers](page_request& p) {
    handlers->unsubscribe(p, false);
  }));
  routes.Post("/alerts/unsubscribe", site.page(page_kind::signed_link, [handlers](page_request& p) {
    handlers->unsubscribe(p, true);
  }));
  routes.Get(R"(/alerts/(\d+))", site.page(page_kind::read, bind(&pages::show)));
  routes.Post(R"(/alerts/(\d+)/pause)", site.page(page_kind::change, [handlers](page_request& p) {
    handlers->set_status(p, "paused");
  }));
  routes.Post(R"(/alerts/(\d+)/resume)", site.page(page_kind::change, [handlers](page_request& p) {
    handlers->set_status(p, "active");
  }));
  routes.Post(R"(/alerts/(\d+)/delete)", site.page(page_kind::change, bind(&pages::remove)));
}

}  // namespace cambio::frontend::alerts
