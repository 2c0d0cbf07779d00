// The oracle: real ECB history (2024-01 to 2026-04) replayed day by day through the real ingest
// path — a fake Frankfurter (the provider's wire format) publishes one more day, `rates.ingest
// latest` fetches and stores it, rates.updated wakes the alert-evaluator, db-proxy decides, the
// mailer delivers to an SMTP sink — with a few hundred random alerts on random pairs and
// thresholds. The mails that reach the sink, as (alert, rate date), must be exactly the firings
// this file computes on its own from the CSV in plain code. A second case kills the evaluator and
// the mailer with SIGKILL during a replay: no firing is lost, none is made twice, and mail
// duplicates stay at one per mailer crash at most (printed).

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alerts_stack.hpp"
#include "cambio/iso_date.hpp"
#include "ecb_history.hpp"
#include "fake_frankfurter.hpp"
#include "mail_text.hpp"

using cambio::testing::alerts_stack;
using nlohmann::json;
namespace fakes = cambio::rates::testing;

namespace {

const std::string k_history_end = "2023-12-29";  // the ingestor starts holding the month before
const std::string k_replay_from = "2024-01-01";
const std::string k_replay_to = "2026-04-30";

// A rate as an exact integer: the ECB publishes at most 6 decimals.
__extension__ typedef __int128 exact;  // products of scaled rates and thresholds
constexpr long long k_rate_scale = 1'000'000;

exact scaled(double rate) { return static_cast<exact>(std::llround(rate * k_rate_scale)); }

// A decimal threshold T / 10^decimals.
struct decimal {
  long long units;
  int decimals;

  std::string text() const {
    std::string digits = std::to_string(units);
    if (decimals == 0) return digits;
    if (static_cast<int>(digits.size()) <= decimals)
      digits.insert(0, static_cast<std::size_t>(decimals) - digits.size() + 1, '0');
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), ".");
    return digits;
  }
  double value() const { return static_cast<double>(units) / std::pow(10.0, decimals); }
};

exact pow10(int n) {
  exact p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// The ratio quote/base on one day: r(quote) / r(base), EUR being 1.
struct ratio {
  exact quote;
  exact base;

  // -1, 0, 1 as this ratio is below, equal to or above `t` (exactly).
  int compare(const decimal& t) const {
    const exact left = quote * pow10(t.decimals);
    const exact right = static_cast<exact>(t.units) * base;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  long double value() const {
    return static_cast<long double>(quote) / static_cast<long double>(base);
  }
};

struct oracle_alert {
  std::string public_id;
  std::string base;
  std::string quote;
  std::string condition;
  decimal threshold;
  int window_days = 0;    // change_pct
  int cooldown_days = 0;  // 0: once
};

class history {
 public:
  history() : table_(cambio::testing::read_ecb_history(cambio::testing::ecb_history_csv())) {}

  // The ECB days in [from, to] with rates, oldest first.
  std::vector<std::string> days(const std::string& from, const std::string& to) const {
    std::vector<std::string> out;
    for (auto it = table_.lower_bound(from); it != table_.end() && it->first <= to; ++it) {
      if (!it->second.empty()) out.push_back(it->first);
    }
    return out;
  }
  // The currencies published on every day of `days` and still on the file's last day (a code
  // retired since, such as BGN, cannot be chosen for a new alert); EUR, the base, included.
  std::vector<std::string> steady_currencies(const std::vector<std::string>& days) const {
    std::vector<std::string> out{"EUR"};
    for (const auto& [code, rate] : table_.rbegin()->second) {
      if (std::all_of(days.begin(), days.end(),
                      [&](const std::string& d) { return table_.at(d).count(code) > 0; })) {
        out.push_back(code);
      }
    }
    return out;
  }
  exact rate(const std::string& day, const std::string& currency) const {
    return currency == "EUR" ? k_rate_scale : scaled(table_.at(day).at(currency));
  }
  ratio on(const std::string& day, const std::string& base, const std::string& quote) const {
    return {rate(day, quote), rate(day, base)};
  }
  // The newest day on or before `day` that has rates.
  std::string on_or_before(const std::string& day) const {
    auto it = table_.upper_bound(day);
    while (it != table_.begin()) {
      --it;
      if (!it->second.empty()) return it->first;
    }
    return "";
  }
  // What the fake Frankfurter publishes up to `last`.
  fakes::published published_until(const std::string& last) const {
    fakes::published out;
    for (auto it = table_.begin(); it != table_.end() && it->first <= last; ++it) {
      if (it->second.empty()) continue;
      out.emplace(*cambio::parse_iso_date(it->first), it->second);
    }
    return out;
  }

 private:
  cambio::testing::ecb_table table_;
};

// A fake Frankfurter whose newest day the test moves forward.
class moving_frankfurter {
 public:
  explicit moving_frankfurter(const history& h, const std::string& last)
      : history_(h), server_([this](const fakes::fake_request& r) {
          std::shared_ptr<const fakes::fake_provider_server::router> route;
          {
            std::lock_guard lock(mutex_);
            route = route_;
          }
          return (*route)(r);
        }) {
    publish_until(last);
  }
  void publish_until(const std::string& last) {
    auto route = std::make_shared<const fakes::fake_provider_server::router>(
        fakes::frankfurter_routes(history_.published_until(last)));
    std::lock_guard lock(mutex_);
    route_ = std::move(route);
  }
  std::string url() const { return server_.url(); }

 private:
  const history& history_;
  std::mutex mutex_;
  std::shared_ptr<const fakes::fake_provider_server::router> route_;
  fakes::fake_provider_server server_;
};

// A few hundred random alerts: thresholds near ratios the pair really had during the replay.
std::vector<oracle_alert> random_alerts(const history& h, const std::vector<std::string>& days,
                                        int count, unsigned seed) {
  std::mt19937 rng(seed);
  const auto currencies = h.steady_currencies(days);
  std::uniform_int_distribution<std::size_t> pick_currency(0, currencies.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_day(0, days.size() - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<oracle_alert> alerts;
  for (int i = 0; i < count; ++i) {
    oracle_alert a;
    char uuid[64];
    std::snprintf(uuid, sizeof uuid, "0a0b0c0d-0000-4000-8000-%012d", i + 1);
    a.public_id = uuid;
    a.base = currencies[pick_currency(rng)];
    do {
      a.quote = currencies[pick_currency(rng)];
    } while (a.quote == a.base);
    const double kind = unit(rng);
    a.condition = kind < 0.6    ? "crosses"
                  : kind < 0.75 ? "above"
                  : kind < 0.9  ? "below"
                                : "change_pct";
    if (a.condition == "change_pct") {
      a.window_days = 1 + static_cast<int>(unit(rng) * 20);
      a.threshold = {50 + static_cast<long long>(unit(rng) * 450), 2};  // 0.50% .. 5.00%
    } else {
      const auto r = h.on(days[pick_day(rng)], a.base, a.quote).value();
      const double target = static_cast<double>(r) * (0.97 + 0.06 * unit(rng));
      const int decimals = std::max(0, 4 - static_cast<int>(std::floor(std::log10(target))));
      a.threshold = {std::llround(target * std::pow(10.0, decimals)), decimals};
    }
    // Mostly one-shot; some repeat with a cooldown of 1 to 20 days (above/below: at least 5).
    if (unit(rng) < 0.3) {
      const int least = a.condition == "above" || a.condition == "below" ? 5 : 1;
      a.cooldown_days = least + static_cast<int>(unit(rng) * (21 - least));
    }
    alerts.push_back(a);
  }
  return alerts;
}

// The firings, (public_id, rate date), of `alerts` when `days` follow `start` — in plain code.
std::set<std::pair<std::string, std::string>> expected_firings(
    const history& h, const std::vector<oracle_alert>& alerts, const std::string& start,
    const std::vector<std::string>& days) {
  std::set<std::pair<std::string, std::string>> fired;
  for (const auto& a : alerts) {
    std::string previous = start;
    std::string last_fired;
    for (const auto& day : days) {
      const auto before = h.on(previous, a.base, a.quote);
      const auto now = h.on(day, a.base, a.quote);
      bool fires = false;
      if (a.condition == "crosses") {
        const int old_side = before.compare(a.threshold);
        const int new_side = now.compare(a.threshold);
        const bool up = old_side < 0 && new_side >= 0;
        const bool down = old_side > 0 && new_side <= 0;
        fires = up || down;
      } else if (a.condition == "above") {
        fires = now.compare(a.threshold) >= 0;
      } else if (a.condition == "below") {
        fires = now.compare(a.threshold) <= 0;
      } else {
        const auto start_of_window =
            cambio::to_iso(cambio::add_days(*cambio::parse_iso_date(day), -a.window_days));
        const auto ref = h.on(h.on_or_before(start_of_window), a.base, a.quote).value();
        const long double change = std::fabs(now.value() / ref - 1) * 100;
        fires = change >= static_cast<long double>(a.threshold.value());
      }
      if (fires && !last_fired.empty()) {
        if (a.cooldown_days == 0) {
          fires = false;  // a `once` alert fired already: it is done
        } else {
          fires = cambio::days_between(*cambio::parse_iso_date(last_fired),
                                       *cambio::parse_iso_date(day)) >= a.cooldown_days;
        }
      }
      if (fires) {
        fired.emplace(a.public_id, day);
        last_fired = day;
      }
      previous = day;
    }
  }
  return fired;
}

// The (public_id, new rate date) of each alert_fired mail in the sink, with its count.
std::map<std::pair<std::string, std::string>, int> mailed_firings(
    const std::filesystem::path& dir) {
  static const std::regex unsubscribe("unsubscribe\\?a=([0-9a-f-]{36})");
  static const std::regex now_line("Now:\\s+\\S+ on (\\d{4}-\\d{2}-\\d{2})");
  std::map<std::pair<std::string, std::string>, int> mailed;
  for (const auto& m : cambio::testing::mail::read_maildir(dir)) {
    std::smatch id;
    const auto header = m.headers.count("list-unsubscribe") ? m.headers.at("list-unsubscribe") : "";
    if (!std::regex_search(header, id, unsubscribe)) continue;  // not an alert mail
    const auto text = std::find_if(m.parts.begin(), m.parts.end(), [](const auto& p) {
      return p.headers.count("content-type") &&
             p.headers.at("content-type").find("text/plain") != std::string::npos;
    });
    REQUIRE(text != m.parts.end());
    std::smatch date;
    REQUIRE(std::regex_search(text->body, date, now_line));
    ++mailed[{id[1].str(), date[1].str()}];
  }
  return mailed;
}

// The stack, the alerts created, and a replay with an optional fault hook before each day.
struct replay {
  history h;
  std::vector<std::string> days = h.days(k_replay_from, k_replay_to);
  moving_frankfurter provider{h, k_history_end};
  alerts_stack stack;
  std::vector<oracle_alert> alerts;

  replay(int alert_count, unsigned seed, const std::string& last_day) {
    days.erase(std::remove_if(days.begin(), days.end(),
                              [&](const std::string& d) { return d > last_day; }),
               days.end());
    alerts = random_alerts(h, days, alert_count, seed);
    stack.start_ingestor({{"CAMBIO_RATES_PROVIDER", "frankfurter"},
                          {"CAMBIO_FRANKFURTER_URL", provider.url()},
                          {"CAMBIO_BTC_FEED", "off"}},
                         k_history_end);
    stack.start_evaluator({{"CAMBIO_ALERTS_SWEEP_S", "2"}});
    stack.start_mailer();
    const auto users = {stack.user("oracle_ana", "ana@oracle.test"),
                        stack.user("oracle_bob", "bob@oracle.test"),
                        stack.user("oracle_cy", "cy@oracle.test")};
    std::size_t i = 0;
    for (const auto& a : alerts) {
      json p = {{"user_id", *(users.begin() + static_cast<long>(i++ % users.size()))},
                {"public_id", a.public_id},
                {"base", a.base},
                {"quote", a.quote},
                {"condition", a.condition},
                {"threshold", a.threshold.text()},
                {"mode", a.cooldown_days ? "repeat" : "once"},
                {"delivery", "instant"},
                {"manage_url", "https://cambio.test/alerts"},
                {"unsubscribe_url", "https://cambio.test/unsubscribe?a=" + a.public_id},
                {"digest_unsubscribe_url", "https://cambio.test/unsubscribe?d=1"},
                {"max_alerts", 1000}};
      if (a.window_days) p["window_days"] = a.window_days;
      if (a.cooldown_days) p["cooldown_s"] = a.cooldown_days * 86400;
      REQUIRE(stack.call("db.alerts.create", p)["created"] == true);
    }
  }

  // Publishes and ingests each day in turn; `before_day(n)` runs before the n-th.
  void run(const std::function<void(std::size_t)>& before_day = {}) {
    for (std::size_t n = 0; n < days.size(); ++n) {
      if (before_day) before_day(n);
      provider.publish_until(days[n]);
      const auto reply = stack.call("rates.ingest", {{"date", "latest"}});
      REQUIRE(reply["stored"].size() == 1);
    }
  }

  // Waits until the sink holds `count` distinct firings and the outbox nothing pending.
  std::map<std::pair<std::string, std::string>, int> mails_when_settled(std::size_t count) {
    std::map<std::pair<std::string, std::string>, int> mailed;
    cambio::testing::eventually(
        [&] {
          mailed = mailed_firings(stack.maildir());
          return mailed.size() >= count &&
                 stack.call("db.mail.list", {{"status", "pending"}, {"limit", 10}})["mails"]
                     .empty();
        },
        std::chrono::seconds(120));
    return mailed;
  }
};

std::set<std::pair<std::string, std::string>> keys(
    const std::map<std::pair<std::string, std::string>, int>& mailed) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& [key, n] : mailed) out.insert(key);
  return out;
}

int duplicates(const std::map<std::pair<std::string, std::string>, int>& mailed) {
  int extra = 0;
  for (const auto& [key, n] : mailed) extra += n - 1;
  return extra;
}

}  // namespace

TEST_CASE("replaying 2024-01 .. 2026-04: the mails are exactly the firings computed from the CSV") {
  replay r(300, 20260423, k_replay_to);
  r.run();
  const auto expected = expected_firings(r.h, r.alerts, k_history_end, r.days);
  std::printf("oracle: %zu days, %zu alerts, %zu firings expected\n", r.days.size(),
              r.alerts.size(), expected.size());
  REQUIRE(expected.size() > 100);  // the replay has something to prove
  const auto mailed = r.mails_when_settled(expected.size());
  CHECK(keys(mailed) == expected);
  CHECK(duplicates(mailed) == 0);
}

TEST_CASE("kill -9 of the evaluator and the mailer during a replay: no firing lost or doubled") {
  replay r(150, 7, "2024-09-30");
  int mailer_kills = 0;
  r.run([&](std::size_t n) {
    if (n % 40 ==
        13) {  // the evaluator dies; rates.updated waits in its queue, the sweep catches up
      REQUIRE(r.stack.evaluator().stop(SIGKILL, 5000));
      r.stack.start_evaluator({{"CAMBIO_ALERTS_SWEEP_S", "2"}});
    }
    if (n % 40 == 33) {  // the mailer dies mid-batch; its leased mails come back
      REQUIRE(r.stack.mailer().stop(SIGKILL, 5000));
      ++mailer_kills;
      r.stack.start_mailer();
    }
  });
  const auto expected = expected_firings(r.h, r.alerts, k_history_end, r.days);
  REQUIRE(expected.size() > 30);
  const auto mailed = r.mails_when_settled(expected.size());
  CHECK(keys(mailed) == expected);
  std::printf("faults: %d mailer kills, %d duplicate mails, %zu firings\n", mailer_kills,
              duplicates(mailed), expected.size());
  CHECK(duplicates(mailed) <= mailer_kills);
}
