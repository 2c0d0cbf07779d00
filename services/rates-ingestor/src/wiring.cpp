#include "rates/wiring.hpp"

#include <memory>

#include "cambio/log.hpp"
#include "cambio/service.hpp"
#include "rates/btc/btc_feed.hpp"
#include "rates/btc/coarse_bucket.hpp"
#include "rates/btc/tick_throttle.hpp"
#include "rates/btc_quote.hpp"
#include "rates/ingest_scheduler.hpp"
#include "rates/provider_factory.hpp"
#include "rates/rate_queries.hpp"
#include "rates/rates_ingest.hpp"
#include "rates/tick_publisher.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::rates {
namespace {

// Everything built in on_start (it needs settings that --list-queues does not have).
struct parts {
  bool offline = false;
  std::unique_ptr<provider> source;
  std::unique_ptr<rate_store> store;
  std::unique_ptr<rate_cache> cache;
  std::unique_ptr<rate_queries> queries;
  std::unique_ptr<rates_ingest> ingest;
  std::unique_ptr<ingest_scheduler> scheduler;
  std::unique_ptr<btc::btc_feed> feed;
  std::chrono::milliseconds btc_max_age{60000};
  std::unique_ptr<btc::tick_throttle> throttle;
  std::unique_ptr<tick_publisher> ticks;
};

rmqrpc::call_options nested(const rmqrpc::request& r) { return {.deadline = r.deadline()}; }

nlohmann::json report_json(const ingest_report& r) {
  nlohmann::json stored = nlohmann::json::array();
  for (const auto& d : r.stored) stored.push_back(cambio::to_iso(d));
  return {{"fetched", r.fetched},
          {"stored", std::move(stored)},
          {"newest", r.newest ? nlohmann::json(cambio::to_iso(*r.newest)) : nlohmann::json()},
          {"published", r.published}};
}

nlohmann::json ingest(parts& p, const nlohmann::json& params) {
  if (params.contains("date")) {
    const auto& text = params["date"].get_ref<const std::string&>();
    if (text == "latest") return report_json(p.ingest->synchronize());
    const auto d = requested_date(params, "date");
    return report_json(p.ingest->fetch_range(*d, *d));
  }
  const auto from = requested_date(params, "from");
  const auto to = requested_date(params, "to");
  if (!from || !to) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, "give date, or from and to");
  }
  return report_json(p.ingest->fetch_range(*from, *to));
}

nlohmann::json status(parts& p) {
  const auto summary = p.store->summary();
  const auto optional_date = [](const std::optional<cambio::date>& d) {
    return d ? nlohmann::json(cambio::to_iso(*d)) : nlohmann::json();
  };
  nlohmann::json last_run;
  if (const auto run = p.ingest->last_run()) {
    last_run = {
        {"at", utc_text(run->at)}, {"kind", run->kind}, {"ok", run->ok}, {"stored", run->stored}};
    if (!run->ok) last_run["error"] = run->error;
  }
  const auto next = p.scheduler->next_run();
  return {{"provider", p.source->name()},
          {"offline", p.offline},
          {"schedule", p.scheduler->schedule().cron().text()},
          {"time_zone", p.scheduler->schedule().zone_name()},
          {"next_run", next ? nlohmann::json(utc_text(*next)) : nlohmann::json()},
          {"last_run", last_run},
          {"days_held", summary.days_held},
          {"first_rate_date", optional_date(summary.first_date)},
          {"last_rate_date", optional_date(summary.last_date)},
          {"last_stored_at",
           summary.last_stored_at ? nlohmann::json(*summary.last_stored_at) : nlohmann::json()},
          {"min_days", p.ingest->settings().min_days}};
}

nlohmann::json btc_price(parts& p, const rmqrpc::request& r) {
  const auto currency = r.params().at("currency").get<std::string>();
  if (!p.feed) throw rmqrpc::error(rmqrpc::errc::unavailable, "the BTC feed is off");
  std::shared_ptr<const rate_set> fiat;
  if (currency != "USD") fiat = p.cache->latest();
  auto quote = btc_quote(p.feed->latest(), std::chrono::system_clock::now(), p.btc_max_age,
                         fiat.get(), currency);
  quote["offline"] = p.offline;
  return quote;
}

void start_btc(cambio::service& service, parts& p) {
  auto settings = btc::read_feed_settings(service.config());
  if (!settings.rest_enabled && !settings.ws_enabled) {
    cambio::log::get("rates.btc")->info("BTC feed off (CAMBIO_BTC_FEED=off)");
    return;
  }
  p.btc_max_age = settings.max_age;
  p.throttle = std::make_unique<btc::tick_throttle>(settings.publish);
  auto& client = service.client();
  p.ticks = std::make_unique<tick_publisher>([&client](const btc::price_tick& t) {
    const auto bucket = btc::coarse_bucket(t.at);
    client.publish("prices.tick", {{"symbol", "BTCUSD"},
                                   {"price", t.usd_price},
                                   {"at", utc_text(t.at)},
                                   {"source", t.source}});
    client.call(
        "db.prices.record",
        {{"symbol", "BTCUSD"},
         {"bucket_ms",
          std::chrono::duration_cast<std::chrono::milliseconds>(bucket.time_since_epoch()).count()},
         {"price", t.usd_price}});
  });
  p.feed =
      std::make_unique<btc::btc_feed>(settings, service.metrics(), [&p](const btc::price_tick& t) {
        if (p.throttle->admit(t)) p.ticks->offer(t);
      });
  p.feed->start();
}

void start(cambio::service& service, parts& p) {
  const auto& cfg = service.config();
  p.offline = cfg.get_choice("CAMBIO_OFFLINE_DATA", "false", {"true", "false"}) == "true";
  p.source = make_provider(cfg);
  auto schedule = ingest_schedule::from_config(cfg);
  auto settings = read_ingest_settings(cfg);
  const auto retry_max = cfg.get_ms("CAMBIO_RATES_RETRY_FAILED_MS", std::chrono::minutes(15));
  const auto cache_age = cfg.get_ms("CAMBIO_RATES_CACHE_MS", std::chrono::minutes(1));
  if (p.offline) {
    cambio::log::get("rates")->warn(
        "OFFLINE DATA: serving rates from {} and the BTC price from {} (CAMBIO_OFFLINE_DATA)",
        p.source->name(), cfg.get("CAMBIO_BTC_REST_URL", "the default exchange"));
  }

  auto& client = service.client();
  p.store = std::make_unique<rate_store>(client, std::string(p.source->name()));
  p.cache = std::make_unique<rate_cache>(*p.store, cache_age);
  p.queries = std::make_unique<rate_queries>(*p.store, *p.cache, p.offline);
  p.ingest = std::make_unique<rates_ingest>(
      *p.source, *p.store,
      [&client](const nlohmann::json& event) { client.publish("rates.updated", event); }, settings,
      service.metrics());
  p.scheduler = std::make_unique<ingest_scheduler>(
      std::move(schedule), [&p] { p.ingest->synchronize(); }, retry_max);
  p.scheduler->start();
  start_btc(service, p);
}

}  // namespace

void wire(cambio::service& service) {
  auto p = std::make_shared<parts>();
  auto& server = service.server();
  server.handle("rates.convert", [p](const rmqrpc::request& r) {
    return p->queries->convert(r.params(), nested(r));
  });
  server.handle("rates.latest", [p](const rmqrpc::request& r) {
    return p->queries->latest(r.params(), nested(r));
  });
  server.handle("rates.history", [p](const rmqrpc::request& r) {
    return p->queries->history(r.params(), nested(r));
  });
  server.handle("rates.btc", [p](const rmqrpc::request& r) { return btc_price(*p, r); });
  server.handle("rates.ingest", [p](const rmqrpc::request& r) { return ingest(*p, r.params()); });
  server.handle("rates.status", [p](const rmqrpc::request&) { return status(*p); });
  server.subscribe("rates.cache.updated", "rates.updated",
                   [p](const rmqrpc::request& r) {
                     if (r.params().at("provider") == p->store->provider()) p->cache->refresh();
                   },
                   {.broadcast = true});

  service.add_health_check("provider", [p] {
    return p->ingest ? p->ingest->health() : cambio::health_check{true, "starting"};
  });
  service.add_health_check("btc", [p] {
    return p->feed ? p->feed->health() : cambio::health_check{true, "feed off"};
  });
  service.on_start([&service, p] { start(service, *p); });
  service.on_stop([p] {
    if (p->scheduler) p->scheduler->stop();
    if (p->feed) p->feed->stop();
    if (p->ticks) p->ticks->stop();
  });
}

}  // namespace cambio::rates
