// alert_bench — set-based alert evaluation at scale, against the naive loop, in one run.
//
//   1. 1,000,000 active `crosses` alerts over 100 pairs (10,000 users), loaded with COPY; a rate
//      update moves every pair so that 1% of the alerts (10,000) lie in the crossed interval.
//      Timed: from publishing rates.updated to db-proxy's mail.queued, i.e. the alert-evaluator's
//      db.alerts.evaluate committed every firing and its outbox row. Rounds are reset in between.
//   2. The floor: the rows step 1 wrote, written again by three set statements with nothing to
//      decide (measure_writes_floor); naive / floor bounds any set-based speedup on this machine.
//   3. The naive approach at 1,000,000: load every active alert into the process, loop over them
//      with the two rate sets, then update, record and enqueue each fired alert one statement at a
//      time (one transaction).
//   4. 9,000,000 more alerts, none in the crossed intervals (10,000,000 in all, the same 10,000
//      triggered): step 1 again.
// Targets: 1M under 2 s; 10M ≤ 1.5× the 1M time; set-based ≥ 20× faster than the naive loop.
//
//   alert_bench [--alerts N] [--extra N] [--triggered N] [--rounds N]
// (defaults 1000000, 9000000, 10000, 3; smaller numbers make a quick run). Needs
// CAMBIO_TEST_INFRA_ENV (run.sh starts the infrastructure) and the db-proxy and alert-evaluator
// executables of the same build. The last line is `BENCH alert_bench ...`; exit status 1 when a
// step fails or a round fires another number of alerts than it should.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>

#include "bench_figures.hpp"
#include "bench_options.hpp"
#include "cambio/contracts.hpp"
#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "rmqrpc/client.hpp"
#include "rmqrpc/server.hpp"

namespace {

using cambio::bench::fixed;
using cambio::bench::median;
using cambio::bench::parse_options;
using nlohmann::json;
using seconds = std::chrono::duration<double>;
using steady = std::chrono::steady_clock;

constexpr int k_pairs = 100;
constexpr int k_alerts_per_user = 100;
const char* const k_day1 = "2026-11-02";
const char* const k_day2 = "2026-11-03";

struct options {
  long long alerts = 1'000'000;
  long long extra = 9'000'000;
  long long triggered = 10'000;
  int rounds = 3;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "alert_bench: " << why
            << "\nusage: alert_bench [--alerts N] [--extra N] [--triggered N] [--rounds N]\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  parse_options(argc, argv,
                {{"--alerts", [&](const std::string& v) { o.alerts = std::stoll(v); }},
                 {"--extra", [&](const std::string& v) { o.extra = std::stoll(v); }},
                 {"--triggered", [&](const std::string& v) { o.triggered = std::stoll(v); }},
                 {"--rounds", [&](const std::string& v) { o.rounds = std::stoi(v); }}},
                usage);
  if (o.alerts < k_pairs || o.alerts % k_alerts_per_user != 0)
    usage("--alerts must be a multiple of 100");
  if (o.extra < 0 || o.extra % k_alerts_per_user != 0) usage("--extra must be a multiple of 100");
  if (o.triggered < k_pairs || o.triggered % k_pairs != 0 || o.triggered > o.alerts / 2)
    usage("--triggered must be a multiple of 100, at most half of --alerts");
  if (o.rounds < 1) usage("--rounds must be >= 1");
  return o;
}

// The two rate sets (EUR base) and the pairs: every pair's ratio moves between them, some up, some
// down, by 0.2% to 2.4%.
struct market {
  std::map<std::string, double> day1;
  std::map<std::string, double> day2;
  std::vector<std::pair<std::string, std::string>> pairs;  // (base, quote)

  market() {
    const std::vector<std::pair<std::string, double>> currencies = {
        {"USD", 1.1},  {"JPY", 160.5}, {"GBP", 0.85}, {"CHF", 0.95}, {"AUD", 1.65}, {"CAD", 1.5},
        {"SEK", 11.5}, {"NOK", 11.7},  {"DKK", 7.46}, {"PLN", 4.3},  {"CZK", 25.1}};
    for (std::size_t i = 0; i < currencies.size(); ++i) {
      const auto& [code, rate] = currencies[i];
      const double move = 0.002 * static_cast<double>(i + 1) * (i % 2 == 0 ? 1 : -1);
      day1[code] = rate;
      day2[code] = std::stod(fixed(rate * (1 + move), 6));
    }
    for (const auto& [b, rb] : currencies) {
      for (const auto& [q, rq] : currencies) {
        if (b != q && pairs.size() < k_pairs) pairs.emplace_back(b, q);
      }
    }
  }
  static double ratio(const std::map<std::string, double>& set,
                      const std::pair<std::string, std::string>& p) {
    return set.at(p.second) / set.at(p.first);
  }
};

// Alert `i`'s pair and threshold: the first `triggered` alerts (round robin over the pairs) lie
// well inside their pair's crossed interval, the others well outside it.
struct threshold_plan {
  const market& m;
  long long triggered;

  std::pair<int, std::string> operator()(long long i) const {
    const int pair = static_cast<int>(i % k_pairs);
    const double r1 = market::ratio(m.day1, m.pairs[pair]);
    const double r2 = market::ratio(m.day2, m.pairs[pair]);
    const double lo = std::min(r1, r2);
    const double hi = std::max(r1, r2);
    const long long k = i / k_pairs;  // this alert's rank within its pair
    const double u = static_cast<double>((k * 7919) % 10007) / 10007.0;  // spread over [0, 1)
    double t;
    if (i < triggered) {
      t = lo + (hi - lo) * (0.05 + 0.9 * u);
    } else if (k % 2 == 0) {
      t = lo * (0.8 + 0.19 * u);  // below the interval
    } else {
      t = hi * (1.01 + 0.19 * u);  // above it
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", t);
    return {pair, text};
  }
};

// COPYs users [first_user, first_user + n / 100) and their alerts [first, first + n).
void load_alerts(const std::string& url, const market& m, const threshold_plan& plan,
                 long long first, long long n) {
  pqxx::connection c(url);
  pqxx::work tx(c);
  const long long first_user = first / k_alerts_per_user;
  {
    pqxx::stream_to users(tx, "users",
                          std::vector<std::string>{"id", "username", "email", "password_hash",
                                                   "status", "verified_at"});
    for (long long u = first_user; u < first_user + n / k_alerts_per_user; ++u) {
      const auto name = "bench" + std::to_string(u + 1);
      users << std::make_tuple(u + 1, name, name + "@bench.test",
                               std::string("$argon2id$v=19$m=65536,t=3,p=1$bench$bench"),
                               std::string("active"), std::string("2026-11-01T00:00:00Z"));
    }
    users.complete();
  }
  {
    pqxx::stream_to alerts(
        tx, "alerts",
        std::vector<std::string>{"public_id", "user_id", "base", "quote", "condition", "threshold",
                                 "mode", "delivery", "manage_url", "unsubscribe_url",
                                 "digest_unsubscribe_url", "created_at"});
    char uuid[64];
    for (long long i = first; i < first + n; ++i) {
      const auto [pair, threshold] = plan(i);
      std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012lld", i + 1);
      alerts << std::make_tuple(
          std::string(uuid), i / k_alerts_per_user + 1, m.pairs[pair].first, m.pairs[pair].second,
          std::string("crosses"), threshold, std::string("once"), std::string("instant"),
          std::string("https://bench.test/alerts"), "https://bench.test/u/" + std::to_string(i + 1),
          std::string("https://bench.test/d"), std::string("2026-11-01T00:00:00Z"));
    }
    alerts.complete();
  }
  tx.exec("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))");
  tx.commit();
  pqxx::nontransaction vacuum(c);
  vacuum.exec("VACUUM ANALYZE users");
  vacuum.exec("VACUUM ANALYZE alerts");
  // Settled, as a database whose alerts accrued over months is: the load's dirty pages written
  // out now, not by a checkpoint and the kernel's writeback during the timed rounds after it.
  vacuum.exec("CHECKPOINT");
  ::sync();
}

// Puts the database back as it was before a round: the day-2 evaluation, its firings and mails
// undone, the fired alerts active again.
void reset_round(const std::string& url) {
  pqxx::connection c(url);
  {
    pqxx::work tx(c);
    tx.exec("DELETE FROM alert_evaluations WHERE rate_date = '" + std::string(k_day2) + "'");
    tx.exec("TRUNCATE alert_firings, mail_outbox");
    tx.exec(
        "UPDATE alerts SET status = 'active', firings = 0, last_fired_at = NULL "
        "WHERE status = 'done'");
    tx.commit();
  }
  pqxx::nontransaction vacuum(c);
  vacuum.exec("VACUUM ANALYZE alerts");
}

// Counts the mails db-proxy announces (mail.queued) and wakes whoever waits for a number.
class mail_counter {
 public:
  void add(int n) {
    std::lock_guard lock(mutex_);
    count_ += n;
    changed_.notify_all();
  }
  bool wait_for(long long n, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_ >= n; });
  }
  void reset() {
    std::lock_guard lock(mutex_);
    count_ = 0;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  long long count_ = 0;
};

class bench_stack {
 public:
  bench_stack()
      : client_(client_settings(), metrics_),
        events_client_(client_settings(), metrics_),
        events_(server_settings(), events_client_, metrics_,
                &cambio::contracts::schema_catalog::embedded()) {
    events_.subscribe("bench.mail.queued", "mail.queued", [this](const rmqrpc::request& r) {
      mails_.add(r.params().at("count").get<int>());
    });
    events_.start();
    db_proxy_ = std::make_unique<cambio::testing::service_process>(
        "db-proxy", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                       {"CAMBIO_PG_URL", database_.url()},
                                                       {"CAMBIO_ADMIN_PORT", "0"},
                                                       {"CAMBIO_LOG_LEVEL", "warn"}});
    wait_ready("db.ping");
    if (!events_.wait_connected(std::chrono::seconds(10)))
      throw std::runtime_error("the mail.queued subscriber did not connect");
  }

  // The evaluator, once the day-1 set is evaluated and before the day-2 set is stored: its sweep
  // (at start, then hourly here) finds nothing to do.
  void start_evaluator() {
    evaluator_ = std::make_unique<cambio::testing::service_process>(
        "alert-evaluator",
        std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                           {"CAMBIO_ALERTS_SWEEP_S", "3600"},
                                           {"CAMBIO_ALERTS_CALL_TIMEOUT_MS", "600000"},
                                           {"CAMBIO_ADMIN_PORT", "0"},
                                           {"CAMBIO_LOG_LEVEL", "warn"}});
    wait_ready("alerts.health");
    // Its first sweep runs at start: wait for it, so that it cannot take a measured evaluation.
    const bool swept = cambio::testing::eventually(
        [&] {
          const auto health = call("alerts.health", json::object());
          return health["checks"]["sweep"].value("detail", "").starts_with("last sweep");
        },
        std::chrono::seconds(60));
    if (!swept) throw std::runtime_error("the evaluator's first sweep did not finish");
  }

  json call(const std::string& queue, const json& params,
            std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    return client_.call(queue, params, {.timeout = timeout});
  }
  void publish(const std::string& key, const json& event) { client_.publish(key, event); }
  mail_counter& mails() { return mails_; }
  std::string database_url() const { return database_.url(); }

 private:
  void wait_ready(const std::string& queue) {
    const bool ready = cambio::testing::eventually(
        [&] {
          try {
            call(queue, json::object(), std::chrono::milliseconds(1000));
            return true;
          } catch (const rmqrpc::error&) {
            return false;
          }
        },
        std::chrono::seconds(60));
    if (!ready) throw std::runtime_error(queue + " does not answer");
  }
  rmqrpc::client_settings client_settings() const {
    rmqrpc::client_settings s;
    s.connection.url = vhost_.amqp_url();
    s.connection.name = "alert-bench";
    return s;
  }
  rmqrpc::server_settings server_settings() const {
    rmqrpc::server_settings s;
    s.connection.url = vhost_.amqp_url();
    s.connection.name = "alert-bench-events";
    return s;
  }

  cambio::testing::scoped_vhost vhost_;
  cambio::testing::scoped_database database_;
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
  rmqrpc::client events_client_;
  rmqrpc::server events_;
  mail_counter mails_;
  std::unique_ptr<cambio::testing::service_process> db_proxy_;
  std::unique_ptr<cambio::testing::service_process> evaluator_;
};

// One set-based round: rates.updated → the evaluator → db.alerts.evaluate → mail.queued for every
// fired alert. Returns seconds.
double set_based_round(bench_stack& stack, long long expected) {
  stack.mails().reset();
  const auto started = steady::now();
  stack.publish(
      "rates.updated",
      {{"provider", "bench"}, {"date", k_day2}, {"base", "EUR"}, {"previous_date", k_day1}});
  if (!stack.mails().wait_for(expected, std::chrono::seconds(600)))
    throw std::runtime_error("the evaluation did not announce " + std::to_string(expected) +
                             " mails within 600 s");
  const double s = seconds(steady::now() - started).count();
  pqxx::connection c(stack.database_url());
  pqxx::work tx(c);
  const auto mails = tx.exec1("SELECT count(*) FROM mail_outbox")[0].as<long long>();
  const auto firings = tx.exec1("SELECT count(*) FROM alert_firings")[0].as<long long>();
  if (mails != expected || firings != expected)
    throw std::runtime_error("a round made " + std::to_string(firings) + " firings and " +
                             std::to_string(mails) + " mails, not " + std::to_string(expected));
  return s;
}

double measure_set_based(bench_stack& stack, long long alerts, long long expected, int rounds) {
  std::vector<double> times;
  for (int round = 1; round <= rounds; ++round) {
    reset_round(stack.database_url());
    times.push_back(set_based_round(stack, expected));
    std::printf("set-based  %9lld alerts: %6lld fired in %7.3f s (round %d)\n", alerts, expected,
                times.back(), round);
    std::fflush(stdout);
  }
  return median(times);
}

// The floor under any evaluator: the rows the last set-based round wrote (each fired alert's
// update, its firing, its mail), copied aside, then written again in one transaction by three set
// statements, with nothing left to decide or compute. No evaluation that writes these rows through
// these tables and indexes can take less, so naive / floor bounds the speedup that any
// set-based evaluation can reach on this machine. Returns the median of `rounds`, in seconds.
double measure_writes_floor(const std::string& url, long long expected, int rounds) {
  pqxx::connection c(url);
  {
    pqxx::work tx(c);
    tx.exec(
        "CREATE TEMP TABLE floor_firings AS SELECT alert_id, window_key, market_at, headline, "
        "previous_label, new_label, previous_ratio, new_ratio, direction, delivery "
        "FROM alert_firings");
    tx.exec("CREATE TEMP TABLE floor_mails AS SELECT template, recipient, params FROM mail_outbox");
    tx.commit();
  }
  std::vector<double> times;
  for (int round = 1; round <= rounds; ++round) {
    reset_round(url);
    const auto started = steady::now();
    pqxx::work tx(c);
    const auto updated = tx.exec0("UPDATE alerts SET firings = firings + 1, last_fired_at = '" +
                                  std::string(k_day2) +
                                  "T00:00:00Z', status = 'done' "
                                  "WHERE id = ANY (ARRAY(SELECT alert_id FROM floor_firings))")
                             .affected_rows();
    const auto recorded =
        tx.exec0(
              "INSERT INTO alert_firings (alert_id, window_key, market_at, headline, "
              "previous_label, new_label, previous_ratio, new_ratio, direction, delivery) "
              "SELECT * FROM floor_firings ORDER BY alert_id")
            .affected_rows();
    const auto mailed = tx.exec0(
                              "INSERT INTO mail_outbox (template, recipient, params) "
                              "SELECT * FROM floor_mails")
                            .affected_rows();
    tx.commit();
    times.push_back(seconds(steady::now() - started).count());
    if (static_cast<long long>(updated) != expected ||
        static_cast<long long>(recorded) != expected ||
        static_cast<long long>(mailed) != expected) {
      throw std::runtime_error("the writes-only round wrote " + std::to_string(updated) + ", " +
                               std::to_string(recorded) + " and " + std::to_string(mailed) +
                               " rows, not " + std::to_string(expected) + " each");
    }
    std::printf("writes only (the floor): %6lld fired in %7.3f s (round %d)\n", expected,
                times.back(), round);
    std::fflush(stdout);
  }
  return median(times);
}

// The naive evaluator: every active alert into memory, a loop, then one statement per change.
double naive_round(const std::string& url, const market& m, long long expected) {
  reset_round(url);
  pqxx::connection c(url);
  c.prepare("fire",
            "UPDATE alerts SET firings = firings + 1, last_fired_at = $2, status = 'done' "
            "WHERE id = $1");
  c.prepare("record",
            "INSERT INTO alert_firings (alert_id, window_key, market_at, headline, previous_label, "
            "new_label, previous_ratio, new_ratio, direction, delivery) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'instant')");
  c.prepare("mail",
            "INSERT INTO mail_outbox (template, recipient, params) VALUES ('alert_fired', "
            "$1, $2::jsonb)");
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> ratios;
  for (const auto& p : m.pairs) ratios[p] = {market::ratio(m.day1, p), market::ratio(m.day2, p)};

  const auto started = steady::now();
  pqxx::work tx(c);
  struct fired {
    long long id;
    std::string email;
    std::string username;
    std::string base;
    std::string quote;
    std::string threshold;
    std::string manage_url;
    std::string unsubscribe_url;
    double old_ratio;
    double new_ratio;
  };
  std::vector<fired> hits;
  const auto rows = tx.exec(
      "SELECT a.id, u.email, u.username, a.base, a.quote, a.threshold::float8, "
      "trim_scale(a.threshold)::text, a.manage_url, a.unsubscribe_url "
      "FROM alerts a JOIN users u ON u.id = a.user_id "
      "WHERE a.status = 'active' AND a.condition = 'crosses'");
  for (const auto& r : rows) {
    const auto it = ratios.find({r[3].as<std::string>(), r[4].as<std::string>()});
    if (it == ratios.end()) continue;
    const auto [old_ratio, new_ratio] = it->second;
    const double t = r[5].as<double>();
    const bool up = old_ratio < t && t <= new_ratio;
    const bool down = new_ratio <= t && t < old_ratio;
    if (up || down) {
      hits.push_back({r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>(),
                      r[3].as<std::string>(), r[4].as<std::string>(), r[6].as<std::string>(),
                      r[7].as<std::string>(), r[8].as<std::string>(), old_ratio, new_ratio});
    }
  }
  // The same rows as the set-based path writes: the alert, its firing, its mail with every param.
  for (const auto& h : hits) {
    const std::string direction = h.new_ratio > h.old_ratio ? "up" : "down";
    const auto pair = h.base + "/" + h.quote;
    const auto headline = pair + " crossed " + h.threshold + " going " + direction;
    const auto old_text = fixed(h.old_ratio, 6);
    const auto new_text = fixed(h.new_ratio, 6);
    tx.exec_prepared("fire", h.id, std::string(k_day2) + "T00:00:00Z");
    tx.exec_prepared("record", h.id, std::string("rates:bench:") + k_day2,
                     std::string(k_day2) + "T00:00:00Z", headline, std::string(k_day1),
                     std::string(k_day2), old_text, new_text, direction);
    tx.exec_prepared("mail", h.email,
                     json{{"username", h.username},
                          {"pair", pair},
                          {"base", h.base},
                          {"quote", h.quote},
                          {"condition", "crosses"},
                          {"headline", headline},
                          {"threshold", h.threshold},
                          {"previous_ratio", old_text},
                          {"previous_date", k_day1},
                          {"new_ratio", new_text},
                          {"new_date", k_day2},
                          {"direction", direction},
                          {"manage_url", h.manage_url},
                          {"list_unsubscribe", h.unsubscribe_url}}
                         .dump());
  }
  tx.commit();
  const double s = seconds(steady::now() - started).count();
  if (static_cast<long long>(hits.size()) != expected)
    throw std::runtime_error("the naive loop fired " + std::to_string(hits.size()) + ", not " +
                             std::to_string(expected));
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto o = parse(argc, argv);
  cambio::log::init("alert_bench", cambio::log::format::text, spdlog::level::warn);
  const market m;
  const threshold_plan plan{m, o.triggered};
  bench_stack stack;
  const auto url = stack.database_url();

  stack.call(
      "db.rates.store",
      {{"provider", "bench"}, {"sets", {{{"date", k_day1}, {"base", "EUR"}, {"rates", m.day1}}}}});
  stack.call("db.alerts.evaluate", {{"provider", "bench"}, {"date", k_day1}});  // the start

  auto load_started = steady::now();
  load_alerts(url, m, plan, 0, o.alerts);
  std::printf("loaded %lld alerts (COPY + VACUUM ANALYZE) in %.1f s\n", o.alerts,
              seconds(steady::now() - load_started).count());
  std::fflush(stdout);
  stack.start_evaluator();
  stack.call(
      "db.rates.store",
      {{"provider", "bench"}, {"sets", {{{"date", k_day2}, {"base", "EUR"}, {"rates", m.day2}}}}});

  const double small = measure_set_based(stack, o.alerts, o.triggered, o.rounds);
  const double writes_floor = measure_writes_floor(url, o.triggered, o.rounds);

  std::vector<double> naive_times;
  for (int round = 1; round <= std::min(o.rounds, 2); ++round) {
    naive_times.push_back(naive_round(url, m, o.triggered));
    std::printf("naive      %9lld alerts: %6lld fired in %7.3f s (round %d)\n", o.alerts,
                o.triggered, naive_times.back(), round);
    std::fflush(stdout);
  }
  const double naive = median(naive_times);

  double large = 0;
  if (o.extra > 0) {
    load_started = steady::now();
    load_alerts(url, m, plan, o.alerts, o.extra);
    std::printf("loaded %lld more alerts in %.1f s\n", o.extra,
                seconds(steady::now() - load_started).count());
    large = measure_set_based(stack, o.alerts + o.extra, o.triggered, o.rounds);
  }

  const double speedup = naive / small;
  const double growth = o.extra > 0 ? large / small : 0;
  std::printf("\nset-based at %lld alerts: %.3f s (target < 2 s: %s)\n", o.alerts, small,
              small < 2 ? "met" : "MISSED");
  if (o.extra > 0) {
    std::printf("set-based at %lld alerts: %.3f s = %.2f x (target <= 1.5: %s)\n",
                o.alerts + o.extra, large, growth, growth <= 1.5 ? "met" : "MISSED");
  }
  std::printf("naive loop at %lld alerts: %.3f s; set-based is %.1f x faster (target >= 20: %s)\n",
              o.alerts, naive, speedup, speedup >= 20 ? "met" : "MISSED");
  std::printf(
      "writing the same rows alone: %.3f s (%.0f%% of the set-based time); no evaluation that "
      "writes them can be more than %.1f x faster than the naive loop here\n",
      writes_floor, 100 * writes_floor / small, naive / writes_floor);
  std::printf(
      "BENCH alert_bench alerts=%lld more_alerts=%lld triggered=%lld set_based_s=%s "
      "set_based_more_s=%s ratio_more=%s naive_s=%s speedup_naive=%s writes_floor_s=%s "
      "speedup_bound=%s\n",
      o.alerts, o.alerts + o.extra, o.triggered, fixed(small, 3).c_str(), fixed(large, 3).c_str(),
      fixed(growth, 3).c_str(), fixed(naive, 3).c_str(), fixed(speedup, 1).c_str(),
      fixed(writes_floor, 3).c_str(), fixed(naive / writes_floor, 1).c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "alert_bench: %s\n", e.what());
  return 1;
}
