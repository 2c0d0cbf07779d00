#include "alerts/alert_evaluator.hpp"

#include <exception>

#include "alerts/digest_cutoff.hpp"
#include "cambio/log.hpp"

namespace cambio::alerts {
namespace {

const std::shared_ptr<spdlog::logger>& logger() {
  static const auto l = cambio::log::get("alerts");
  return l;
}

constexpr int k_max_evaluate_rounds = 1000;

int count_of(const nlohmann::json& reply, const char* key) {
  const auto found = reply.find(key);
  return found != reply.end() && found->is_number_integer() ? found->get<int>() : 0;
}

}  // namespace

alert_evaluator::alert_evaluator(evaluator_settings settings, cambio::metrics::registry& metrics)
    : settings_(settings),
      sets_evaluated_(metrics.counter("alerts_rate_sets_evaluated_total",
                                      "Rate sets evaluated (on rates.updated or by the sweep)")),
      sets_duplicate_(metrics.counter(
          "alerts_rate_sets_already_evaluated_total",
          "rates.updated events whose sets were all evaluated before (nothing fired again)")),
      fired_(metrics.counter("alerts_fired_total", "Alert firings recorded (rate sets and ticks)")),
      ticks_(metrics.counter("alerts_ticks_total", "prices.tick events evaluated")),
      sweeps_(metrics.counter("alerts_sweeps_total", "Sweeps run")),
      sweep_failures_(metrics.counter("alerts_sweep_failures_total",
                                      "Sweeps with a failed db.alerts.sweep or digest call")),
      digest_mails_(metrics.counter("alerts_digest_mails_total", "Daily digest mails queued")) {}

void alert_evaluator::rates_updated(const nlohmann::json& event, const db_call& call) {
  const auto& provider = event.at("provider").get_ref<const std::string&>();
  const auto& date = event.at("date").get_ref<const std::string&>();
  int sets = 0;
  int fired = 0;
  int mails = 0;
  bool more = true;
  // db.alerts.evaluate evaluates the provider's pending sets up to `date`, a bounded number per
  // call; `more`: call again. The cap only guards against a reply that never ends: the sweep
  // takes over what is left.
  for (int round = 0; more && round < k_max_evaluate_rounds; ++round) {
    nlohmann::json reply;
    try {
      reply = call("db.alerts.evaluate", {{"provider", provider}, {"date", date}});
    } catch (const std::exception& e) {
      logger()->warn(
          "rates.updated {} {}: db.alerts.evaluate failed ({}); the event goes back for "
          "another delivery",
          provider, date, e.what());
      throw;
    }
    for (const auto& set : reply.at("evaluated")) {
      ++sets;
      fired += count_of(set, "fired");
      logger()->info("rates.updated {} {}: set {} evaluated against {}: {} alert(s) fired",
                     provider, date, set.value("date", std::string("?")),
                     set.contains("previous_date") && set["previous_date"].is_string()
                         ? set["previous_date"].get<std::string>()
                         : std::string("no earlier set"),
                     count_of(set, "fired"));
    }
    mails += count_of(reply, "mails");
    more = reply.at("more").get<bool>();
  }
  sets_evaluated_.inc(sets);
  fired_.inc(fired);
  if (sets == 0) {
    sets_duplicate_.inc();
    logger()->info("rates.updated {} {}: already evaluated, nothing fired again", provider, date);
    return;
  }
  logger()->info("rates.updated {} {}: {} set(s) evaluated, {} alert(s) fired, {} mail(s) queued",
                 provider, date, sets, fired, mails);
}

void alert_evaluator::price_tick(const nlohmann::json& event, const db_call& call) {
  nlohmann::json params = {
      {"symbol", event.at("symbol")}, {"price", event.at("price")}, {"at", event.at("at")}};
  nlohmann::json reply;
  try {
    reply = call("db.alerts.tick", params);
  } catch (const std::exception& e) {
    logger()->warn(
        "prices.tick {} at {}: db.alerts.tick failed ({}); the event goes back for "
        "another delivery",
        params["symbol"].get<std::string>(), params["at"].get<std::string>(), e.what());
    throw;
  }
  ticks_.inc();
  const auto fired = count_of(reply, "fired");
  fired_.inc(fired);
  if (fired > 0) {
    logger()->info("prices.tick {} {} at {}: {} alert(s) fired",
                   params["symbol"].get<std::string>(), params["price"].dump(),
                   params["at"].get<std::string>(), fired);
  }
}

sweep_report alert_evaluator::sweep(const db_call& call, std::chrono::system_clock::time_point now,
                                    const std::stop_token& stop) {
  sweep_report report;
  sweeps_.inc();
  try {
    bool more = true;
    while (more && !stop.stop_requested()) {
      const auto reply = call("db.alerts.sweep", {{"max_sets", settings_.sweep_sets}});
      ++report.calls;
      for (const auto& set : reply.at("evaluated")) {
        const auto fired = count_of(set, "fired");
        ++report.sets;
        report.fired += fired;
        sets_evaluated_.inc();
        fired_.inc(fired);
        logger()->info("sweep: {} {} evaluated: {} alert(s) fired",
                       set.value("provider", std::string("?")), set.value("date", std::string("?")),
                       fired);
      }
      more = reply.at("more").get<bool>();
    }
    report.complete = !more;
  } catch (const std::exception& e) {
    report.error = std::string("db.alerts.sweep: ") + e.what();
  }
  const auto cutoff = utc_seconds_text(digest_cutoff(now, settings_.digest_hour));
  try {
    const auto reply = call("db.alerts.digest", {{"cutoff", cutoff}});
    report.digest_mails = count_of(reply, "mails");
    digest_mails_.inc(*report.digest_mails);
    if (*report.digest_mails > 0) {
      logger()->info("digest up to {}: {} mail(s) for {} firing(s)", cutoff, *report.digest_mails,
                     count_of(reply, "firings"));
    }
  } catch (const std::exception& e) {
    if (report.error.empty()) report.error = std::string("db.alerts.digest: ") + e.what();
  }
  std::lock_guard lock(mutex_);
  if (!report.error.empty()) {
    sweep_failures_.inc();
    logger()->warn("sweep failed: {}", report.error);
    health_ = {false, "last sweep failed: " + report.error};
  } else {
    health_ = {true, "last sweep " +
                         utc_seconds_text(std::chrono::floor<std::chrono::seconds>(now)) + ": " +
                         std::to_string(report.sets) + " rate set(s), " +
                         std::to_string(report.fired) + " firing(s)"};
  }
  return report;
}

cambio::health_check alert_evaluator::health() const {
  std::lock_guard lock(mutex_);
  return health_;
}

}  // namespace cambio::alerts
