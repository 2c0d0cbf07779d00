// The alerts path end to end on the test infrastructure: real ECB rates ingested day by day
// (rates-ingestor, ecb-csv), db-proxy deciding, alert-evaluator on rates.updated and on its sweep,
// the mailer, an SMTP sink. The mails that reach the sink equal, one for one, the crossings the
// test computes on its own from the CSV; each carries the one-click unsubscribe headers; a
// duplicated rates.updated event mails nothing again; a rate update while the evaluator is down
// (its event lost) is caught up by the sweep when it starts.

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "alerts_stack.hpp"

using namespace cambio::testing;
using nlohmann::json;
using std::chrono::seconds;

namespace {

const std::string k_provider = "ecb-csv";
const std::string k_unsubscribe = "https://cambio.test/alerts/unsubscribe?t=";

struct alert_spec {
  std::string public_id;
  std::string email;
  std::string base, quote;
  std::string threshold;  // as sent
  bool repeat = false;
  bool digest = false;
};

// (public_id, new rate date) of one firing.
using firing = std::pair<std::string, std::string>;

double ratio(const ecb_table& table, const std::string& date, const std::string& base,
             const std::string& quote) {
  const auto& rates = table.at(date);
  const auto rate = [&](const std::string& c) { return c == "EUR" ? 1.0 : rates.at(c); };
  return rate(quote) / rate(base);
}

// The oracle, in plain code: the threshold lies between the two ratios, past the old one, up to
// and including the new one. A `once` alert fires at its first crossing only; a `repeat` one
// (cooldown 60 s, and rate dates are days apart) at each.
std::set<firing> expected_firings(const ecb_table& table, const std::vector<std::string>& days,
                                  const std::vector<alert_spec>& alerts, std::size_t from,
                                  std::size_t to) {
  std::set<firing> out;
  for (const auto& a : alerts) {
    if (a.digest) continue;  // no instant mail
    const double t = std::stod(a.threshold);
    bool fired = false;
    for (std::size_t k = 1; k < days.size(); ++k) {
      const double before = ratio(table, days[k - 1], a.base, a.quote);
      const double now = ratio(table, days[k], a.base, a.quote);
      const bool crossed = (before < t && t <= now) || (before > t && t >= now);
      if (!crossed || (fired && !a.repeat)) continue;
      fired = true;
      if (k >= from && k <= to) out.emplace(a.public_id, days[k]);
    }
  }
  return out;
}

struct alert_mail {
  firing key;
  mail::message message;
};

// The alert mails in the sink, keyed by (public_id from List-Unsubscribe, new date from the text).
std::vector<alert_mail> alert_mails(const std::filesystem::path& maildir) {
  static const std::regex now_line(R"(Now: +\S+ on (\d{4}-\d{2}-\d{2}))");
  std::vector<alert_mail> out;
  for (auto& m : mail::read_maildir(maildir)) {
    const auto subject = m.headers.find("subject");
    if (subject == m.headers.end() || !subject->second.starts_with("Cambio alert: ")) continue;
    std::string id = "?";
    if (const auto h = m.headers.find("list-unsubscribe"); h != m.headers.end()) {
      const auto at = h->second.find("?t=");
      if (at != std::string::npos) id = h->second.substr(at + 3, h->second.size() - at - 4);
    }
    std::smatch date;
    const std::string text = m.parts.empty() ? "" : m.parts[0].body;
    std::regex_search(text, date, now_line);
    out.push_back({{id, date.size() > 1 ? date[1].str() : "?"}, std::move(m)});
  }
  return out;
}

std::set<firing> keys(const std::vector<alert_mail>& mails) {
  std::set<firing> out;
  for (const auto& m : mails) out.insert(m.key);
  return out;
}

std::string describe(const std::set<firing>& s) {
  std::string out;
  for (const auto& [id, date] : s) out += id.substr(id.size() - 4) + "@" + date + " ";
  return out;
}

}  // namespace

TEST_CASE(
    "each crossing mails once with one-click unsubscribe, duplicates and downtime add "
    "and lose nothing",
    "[alerts][integration]") {
  const auto table = read_ecb_history(ecb_history_csv());
  // D0 = Friday 2024-01-05 (held before any alert exists), D1..D10 replayed with the evaluator
  // up, D11 while it is down.
  std::vector<std::string> days;
  for (auto it = table.find("2024-01-05"); it != table.end() && days.size() < 12; ++it) {
    days.push_back(it->first);
  }
  REQUIRE(days.size() == 12);
  const std::size_t down_day = 11;

  alerts_stack stack;
  stack.start_mailer();
  stack.start_evaluator();
  stack.ingest_until(days[0]);

  const auto ana = stack.user("ana", "ana@alerts.test");
  const auto bo = stack.user("bob", "bob@alerts.test");

  // Thresholds at the midpoints of chosen daily moves (never at a day's ratio), so that alerts
  // cross on various days, some more than once, some only on the down day.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"EUR", "USD"}, {"USD", "JPY"}, {"GBP", "CHF"}, {"AUD", "NZD"}, {"EUR", "GBP"}};
  std::vector<alert_spec> alerts;
  int made = 0;
  const auto add = [&](const std::string& base, const std::string& quote, std::size_t step,
                       bool repeat, bool digest, std::int64_t user, const std::string& email) {
    const double mid =
        (ratio(table, days[step - 1], base, quote) + ratio(table, days[step], base, quote)) / 2;
    char threshold[32];
    std::snprintf(threshold, sizeof threshold, "%.6f", mid);
    for (const auto& d : days) {  // away from every day's ratio: no edge cases here
      if (std::abs(ratio(table, d, base, quote) - std::stod(threshold)) < 1e-5) return;
    }
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", ++made);
    alert_spec a{uuid, email, base, quote, threshold, repeat, digest};
    json params = {{"user_id", user},
                   {"public_id", a.public_id},
                   {"base", base},
                   {"quote", quote},
                   {"condition", "crosses"},
                   {"threshold", a.threshold},
                   {"mode", repeat ? "repeat" : "once"},
                   {"delivery", digest ? "daily_digest" : "instant"},
                   {"manage_url", "https://cambio.test/alerts"},
                   {"unsubscribe_url", k_unsubscribe + a.public_id},
                   {"digest_unsubscribe_url", k_unsubscribe + "digest" + std::to_string(user)},
                   {"max_alerts", 100}};
    if (repeat) params["cooldown_s"] = 60;
    REQUIRE(stack.call("db.alerts.create", params)["created"] == true);
    alerts.push_back(a);
  };
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const auto& [base, quote] = pairs[p];
    add(base, quote, 2 + p % 4, false, false, ana, "ana@alerts.test");
    add(base, quote, 5, true, false, bo, "bob@alerts.test");
    add(base, quote, 8, true, false, ana, "ana@alerts.test");
    add(base, quote, down_day, false, false, bo, "bob@alerts.test");
    add(base, quote, 3, false, true, ana, "ana@alerts.test");  // daily digest: no instant mail
  }
  const auto replayed = expected_firings(table, days, alerts, 1, down_day - 1);
  const auto caught_up = expected_firings(table, days, alerts, down_day, down_day);
  INFO("expected while up: " << describe(replayed));
  INFO("expected from the sweep: " << describe(caught_up));
  REQUIRE(replayed.size() >= 5);
  REQUIRE_FALSE(caught_up.empty());

  // Day by day through the real ingest path, the evaluator up.
  for (std::size_t k = 1; k < down_day; ++k) stack.ingest_until(days[k]);
  CHECK(eventually([&] { return alert_mails(stack.maildir()).size() >= replayed.size(); },
                   seconds(60)));
  auto mails = alert_mails(stack.maildir());
  CHECK(keys(mails) == replayed);
  CHECK(mails.size() == replayed.size());  // each once

  // Every alert mail: to its owner, the pair and dates, the one-click unsubscribe headers.
  std::map<std::string, const alert_spec*> by_id;
  for (const auto& a : alerts) by_id[a.public_id] = &a;
  for (const auto& m : mails) {
    INFO(m.key.first << " " << m.key.second);
    REQUIRE(by_id.contains(m.key.first));
    const auto& a = *by_id[m.key.first];
    CHECK(m.message.headers.at("list-unsubscribe") == "<" + k_unsubscribe + a.public_id + ">");
    CHECK(m.message.headers.at("list-unsubscribe-post") == "List-Unsubscribe=One-Click");
    CHECK(m.message.raw.find("List-Unsubscribe: <" + k_unsubscribe + a.public_id + ">") !=
          std::string::npos);
    CHECK(m.message.headers.at("x-rcptto").find(a.email) != std::string::npos);
    CHECK(m.message.headers.at("subject").find(a.base + "/" + a.quote) != std::string::npos);
    REQUIRE(m.message.parts.size() == 2);
    CHECK(m.message.parts[0].body.find(k_unsubscribe + a.public_id) != std::string::npos);
    CHECK(m.message.parts[1].body.find(k_unsubscribe + a.public_id) != std::string::npos);
    const auto day = std::find(days.begin(), days.end(), m.key.second);
    REQUIRE(day != days.end());
    CHECK(m.message.parts[0].body.find(*std::prev(day)) != std::string::npos);  // previous date
  }

  // The same rates.updated again (the newest day and an older one): handled, nothing mailed.
  const auto before = stack.handled("alerts.rates.updated");
  stack.publish("rates.updated", {{"provider", k_provider},
                                  {"date", days[down_day - 1]},
                                  {"base", "EUR"},
                                  {"previous_date", days[down_day - 2]}});
  stack.publish(
      "rates.updated",
      {{"provider", k_provider}, {"date", days[4]}, {"base", "EUR"}, {"previous_date", days[3]}});
  CHECK(
      eventually([&] { return stack.handled("alerts.rates.updated") >= before + 2; }, seconds(20)));
  std::this_thread::sleep_for(seconds(2));  // the mailer polls every 200 ms
  CHECK(alert_mails(stack.maildir()).size() == replayed.size());

  // The evaluator down while a day comes; its event is lost (purged from its durable queue,
  // where it waited); the sweep at start catches up.
  stack.stop_evaluator();
  stack.ingest_until(days[down_day]);
  CHECK(eventually([&] { return stack.queue_depth("alerts.rates.updated") == 1; }, seconds(20)));
  stack.purge("alerts.rates.updated");
  CHECK(eventually([&] { return stack.queue_depth("alerts.rates.updated") == 0; }, seconds(10)));
  std::this_thread::sleep_for(seconds(1));
  CHECK(alert_mails(stack.maildir()).size() == replayed.size());  // nobody evaluated it

  // (Its periodic sweep is a minute away: only the sweep at start can do it in time.)
  stack.start_evaluator();
  std::set<firing> all = replayed;
  all.insert(caught_up.begin(), caught_up.end());
  CHECK(eventually([&] { return alert_mails(stack.maildir()).size() >= all.size(); }, seconds(30)));
  std::this_thread::sleep_for(seconds(2));
  mails = alert_mails(stack.maildir());
  CHECK(keys(mails) == all);
  CHECK(mails.size() == all.size());
  CHECK(stack.handled("alerts.rates.updated") == 0);  // a new process: the sweep did it
}
