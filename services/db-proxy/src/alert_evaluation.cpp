// db.alerts.evaluate, sweep, tick, digest: which alerts fire, decided in PostgreSQL.
//
// One statement per rate set (or tick) does it all: the pairs' previous and new ratios, one index
// range scan per (pair, condition) over the thresholds the move reaches (alerts_levels,
// alerts_changes), the alerts' update (fired, done, cooldown), the firings and their outbox mails.
// Exactly once: evaluations hold one transaction-level advisory lock, so they run one at a time; a
// rate set is evaluated once (alert_evaluations), a tick once (alert_ticks: only a later tick is
// evaluated), and the unique (alert, window) of alert_firings backs both up. A firing and its mail
// commit together, or neither does.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cambio/iso_date.hpp"
#include "db_proxy/alerts.hpp"
#include "db_proxy/database.hpp"
#include "db_proxy/query.hpp"
#include "db_proxy/sql_values.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::db_proxy {
namespace {

// Every evaluation and digest takes this lock first (pg_advisory_xact_lock: released at commit).
constexpr query k_lock_evaluation{"lock_alert_evaluation",
                                  "SELECT pg_advisory_xact_lock(5005000000000000005)"};

// The next rate set of provider $1 not yet evaluated, up to date $2 and after the first set ever
// evaluated (the first time: only $2 itself), with the set before it.
constexpr query k_next_pending_set{"next_pending_rate_set", R"(
  SELECT s.id, s.rate_date::text, s.stored_at, p.id, p.rate_date::text
  FROM rate_sets s
  LEFT JOIN LATERAL (SELECT id, rate_date FROM rate_sets
                     WHERE provider = s.provider AND rate_date < s.rate_date
                     ORDER BY rate_date DESC LIMIT 1) p ON true
  WHERE s.provider = $1 AND s.rate_date <= $2::date
    AND s.rate_date > coalesce((SELECT min(rate_date) FROM alert_evaluations WHERE provider = $1),
                               $2::date - 1)
    AND NOT EXISTS (SELECT 1 FROM alert_evaluations e
                    WHERE e.provider = $1 AND e.rate_date = s.rate_date)
  ORDER BY s.rate_date LIMIT 1)"};

constexpr query k_record_evaluation{"record_alert_evaluation", R"(
  INSERT INTO alert_evaluations (provider, rate_date, previous_date, fired)
  VALUES ($1, $2::date, $3::date, $4))"};

constexpr query k_providers{"rate_providers_newest", R"(
  SELECT provider, max(rate_date)::text FROM rate_sets GROUP BY provider ORDER BY provider)"};

// The firing pipeline. A source (below) defines the CTEs
//   pairs   (base, quote, old_ratio, new_ratio, old_label)               crosses, above, below
//   changes (window_days, base, quote, ref_ratio, new_ratio, ref_label)  change_pct
// (each also with old_text / ref_text and new_text: the ratios for people, made once per pair
// rather than once per firing)
// and the pipeline's parameters are $1 market time, $2 window key, $3 the new ratio's label, $4
// only alerts created before this take part. Returns (firings, mails).
constexpr std::string_view k_firing_pipeline = R"(,
  -- OFFSET 0 keeps each subquery a per-pair index range scan: pulled up into a join, the planner
  -- would rather hash-join a scan of every alert.
  candidates AS (
    SELECT al.id, p.old_ratio AS previous_ratio, p.new_ratio, p.old_label AS previous_label,
           p.old_text AS previous_text, p.new_text
    FROM pairs p CROSS JOIN LATERAL (
      SELECT id FROM alerts
      WHERE base = p.base AND quote = p.quote AND status = 'active' AND condition = 'crosses'
        AND threshold BETWEEN least(p.old_ratio, p.new_ratio) AND greatest(p.old_ratio, p.new_ratio)
        AND threshold <> p.old_ratio OFFSET 0) al
    UNION ALL
    SELECT al.id, p.old_ratio, p.new_ratio, p.old_label, p.old_text, p.new_text
    FROM pairs p CROSS JOIN LATERAL (
      SELECT id FROM alerts
      WHERE base = p.base AND quote = p.quote AND status = 'active' AND condition = 'above'
        AND threshold <= p.new_ratio OFFSET 0) al
    UNION ALL
    SELECT al.id, p.old_ratio, p.new_ratio, p.old_label, p.old_text, p.new_text
    FROM pairs p CROSS JOIN LATERAL (
      SELECT id FROM alerts
      WHERE base = p.base AND quote = p.quote AND status = 'active' AND condition = 'below'
        AND threshold >= p.new_ratio OFFSET 0) al
    UNION ALL
    SELECT al.id, c.ref_ratio, c.new_ratio, c.ref_label, c.ref_text, c.new_text
    FROM changes c CROSS JOIN LATERAL (
      SELECT id FROM alerts
      WHERE base = c.base AND quote = c.quote AND window_days = c.window_days
        AND status = 'active' AND condition = 'change_pct'
        AND threshold <= abs(c.new_ratio / c.ref_ratio - 1) * 100 OFFSET 0) al),
  -- By primary key (= ANY of an array: index lookups, never a scan of every alert).
  fired AS (
    UPDATE alerts a
    SET firings = a.firings + 1, last_fired_at = $1::timestamptz,
        status = CASE WHEN a.mode = 'once' THEN 'done' ELSE a.status END
    WHERE a.id = ANY (ARRAY(SELECT id FROM candidates)) AND a.status = 'active'
      AND a.created_at < $4::timestamptz
      AND (a.mode = 'once' OR a.last_fired_at IS NULL
           OR a.last_fired_at + a.cooldown <= $1::timestamptz)
    RETURNING a.id, a.user_id, a.base, a.quote, a.condition, a.threshold, a.window_days,
              a.delivery, a.manage_url, a.unsubscribe_url),
  moves AS (
    SELECT f.*, c.previous_ratio, c.new_ratio, c.previous_label, c.previous_text, c.new_text,
           trim_scale(f.threshold)::text AS threshold_text,
           CASE WHEN c.new_ratio > c.previous_ratio THEN 'up'
                WHEN c.new_ratio < c.previous_ratio THEN 'down' ELSE 'unchanged' END AS direction
    FROM fired f JOIN candidates c ON c.id = f.id),
  described AS (
    SELECT f.*, f.base || '/' || f.quote AS pair,
           f.base || '/' || f.quote ||
           CASE f.condition
             WHEN 'crosses' THEN ' crossed ' || f.threshold_text || ' going ' || f.direction
             WHEN 'above' THEN ' is at or above ' || f.threshold_text
             WHEN 'below' THEN ' is at or below ' || f.threshold_text
             ELSE CASE f.direction WHEN 'down' THEN ' fell ' ELSE ' rose ' END ||
                  round(abs(f.new_ratio / f.previous_ratio - 1) * 100, 2)::text || '% in ' ||
                  f.window_days || CASE f.window_days WHEN 1 THEN ' day' ELSE ' days' END
           END AS headline
    FROM moves f),
  recorded AS (
    INSERT INTO alert_firings (alert_id, window_key, market_at, headline, previous_label, new_label,
                               previous_ratio, new_ratio, direction, delivery)
    SELECT id, $2, $1::timestamptz, headline, previous_label, $3, previous_ratio, new_ratio,
           direction, delivery
    FROM described
    ORDER BY id
    RETURNING 1),
  mails AS (
    INSERT INTO mail_outbox (template, recipient, params)
    -- jsonb_object(keys, values) of text: 2.5x cheaper than the variadic jsonb_build_object.
    SELECT 'alert_fired', u.email,
           jsonb_object(
             ARRAY['username', 'pair', 'base', 'quote', 'condition', 'headline', 'threshold',
                   'previous_ratio', 'previous_date', 'new_ratio', 'new_date', 'direction',
                   'manage_url', 'list_unsubscribe'],
             ARRAY[u.username, d.pair, d.base, d.quote, d.condition, d.headline, d.threshold_text,
                   d.previous_text, d.previous_label, d.new_text, $3::text, d.direction,
                   d.manage_url, d.unsubscribe_url])
    FROM described d JOIN users u ON u.id = d.user_id
    WHERE d.delivery = 'instant'
    RETURNING 1)
  SELECT (SELECT count(*) FROM recorded), (SELECT count(*) FROM mails))";

std::string with_pipeline(std::string_view source) {
  return std::string(source) + std::string(k_firing_pipeline);
}

// A rate set ($5) against the one before it ($6, labelled $7), of provider $8 on date $9. Each set
// holds its base at rate 1; a ratio is r(quote) / r(base) within one set.
const std::string k_evaluate_rate_set_sql = with_pipeline(R"(
  WITH
  rn AS (SELECT currency, rate FROM rates WHERE set_id = $5
         UNION ALL SELECT base, 1::numeric FROM rate_sets WHERE id = $5),
  ro AS (SELECT currency, rate FROM rates WHERE set_id = $6
         UNION ALL SELECT base, 1::numeric FROM rate_sets WHERE id = $6),
  pairs AS MATERIALIZED (
    SELECT base, quote, old_ratio, new_ratio, old_label, ratio_text(old_ratio) AS old_text,
           ratio_text(new_ratio) AS new_text
    FROM (SELECT a.currency AS base, b.currency AS quote, ob.rate / oa.rate AS old_ratio,
                 b.rate / a.rate AS new_ratio, $7::text AS old_label
          FROM rn a JOIN rn b ON b.currency <> a.currency
          JOIN ro oa ON oa.currency = a.currency JOIN ro ob ON ob.currency = b.currency) x),
  windows AS (SELECT DISTINCT window_days FROM alerts
              WHERE status = 'active' AND condition = 'change_pct'),
  refs AS (SELECT w.window_days, r.id, r.rate_date
           FROM windows w CROSS JOIN LATERAL (
             SELECT id, rate_date FROM rate_sets
             WHERE provider = $8 AND rate_date <= $9::date - w.window_days
             ORDER BY rate_date DESC LIMIT 1) r),
  ref_rates AS (SELECT refs.window_days, refs.rate_date, x.currency, x.rate
                FROM refs CROSS JOIN LATERAL (
                  SELECT currency, rate FROM rates WHERE set_id = refs.id
                  UNION ALL SELECT base, 1::numeric FROM rate_sets WHERE id = refs.id) x),
  changes AS MATERIALIZED (
    SELECT window_days, base, quote, ref_ratio, new_ratio, ref_label,
           ratio_text(ref_ratio) AS ref_text, ratio_text(new_ratio) AS new_text
    FROM (SELECT ra.window_days, a.currency AS base, b.currency AS quote,
                 rb.rate / ra.rate AS ref_ratio, b.rate / a.rate AS new_ratio,
                 ra.rate_date::text AS ref_label
          FROM ref_rates ra
          JOIN ref_rates rb ON rb.window_days = ra.window_days AND rb.currency <> ra.currency
          JOIN rn a ON a.currency = ra.currency JOIN rn b ON b.currency = rb.currency) x))");
// Planned per call: a generic plan would not size the per-pair index range scans by the rates.
const query k_evaluate_rate_set{"evaluate_rate_set", k_evaluate_rate_set_sql, planning::per_call};

// The BTC price moved from $5 (at $7) to $6 (USD). BTC/c = price * r(c) / r(USD) in the newest rate
// set held (of any provider); without one holding USD, only BTC/USD.
const std::string k_evaluate_tick_sql = with_pipeline(R"(
  WITH
  newest AS (SELECT id, base FROM rate_sets ORDER BY rate_date DESC, stored_at DESC LIMIT 1),
  rn AS (SELECT currency, rate FROM rates WHERE set_id = (SELECT id FROM newest)
         UNION ALL SELECT base, 1::numeric FROM newest),
  per_usd AS (SELECT c.currency, c.rate / u.rate AS rate
              FROM rn c CROSS JOIN (SELECT rate FROM rn WHERE currency = 'USD') u
              UNION ALL
              SELECT 'USD', 1::numeric WHERE NOT EXISTS (SELECT 1 FROM rn WHERE currency = 'USD')),
  pairs AS MATERIALIZED (
    SELECT base, quote, old_ratio, new_ratio, old_label, ratio_text(old_ratio) AS old_text,
           ratio_text(new_ratio) AS new_text
    FROM (SELECT 'BTC' AS base, currency AS quote, $5::numeric * rate AS old_ratio,
                 $6::numeric * rate AS new_ratio, $7::text AS old_label
          FROM per_usd
          UNION ALL
          SELECT currency, 'BTC', 1 / ($5::numeric * rate), 1 / ($6::numeric * rate), $7::text
          FROM per_usd) x),
  changes AS (SELECT NULL::integer AS window_days, NULL::text AS base, NULL::text AS quote,
                     NULL::numeric AS ref_ratio, NULL::numeric AS new_ratio,
                     NULL::text AS ref_label, NULL::text AS ref_text, NULL::text AS new_text
              WHERE false))");
// Planned per call, as k_evaluate_rate_set.
const query k_evaluate_tick{"evaluate_tick", k_evaluate_tick_sql, planning::per_call};

constexpr query k_last_tick{"select_last_alert_tick", R"(
  SELECT price::text, at >= $2::timestamptz,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  FROM alert_ticks WHERE symbol = $1 FOR UPDATE)"};

constexpr query k_save_tick{"save_alert_tick", R"(
  INSERT INTO alert_ticks (symbol, price, at) VALUES ($1, $2::numeric, $3::timestamptz)
  ON CONFLICT (symbol) DO UPDATE SET price = excluded.price, at = excluded.at)"};

// One digest mail per user: the daily_digest firings recorded before $1 and not yet collected.
// Firings of an alert paused since (an unsubscribe) are collected without a mail.
constexpr query k_collect_digests{"collect_alert_digests", R"(
  WITH
  due AS (
    UPDATE alert_firings f SET digested_at = now()
    FROM alerts a
    WHERE a.id = f.alert_id AND f.delivery = 'daily_digest' AND f.digested_at IS NULL
      AND f.fired_at < $1::timestamptz
    RETURNING f.id, a.user_id, a.status, a.manage_url, a.digest_unsubscribe_url, f.headline,
              f.previous_ratio, f.previous_label, f.new_ratio, f.new_label),
  per_user AS (
    SELECT user_id, count(*) AS n,
           jsonb_agg(jsonb_build_object('headline', headline,
                                        'previous_ratio', ratio_text(previous_ratio),
                                        'previous_date', previous_label,
                                        'new_ratio', ratio_text(new_ratio),
                                        'new_date', new_label) ORDER BY id) AS items,
           string_agg(headline || ': ' || ratio_text(previous_ratio) || ' (' || previous_label ||
                      ') to ' || ratio_text(new_ratio) || ' (' || new_label || ')',
                      E'\n' ORDER BY id) AS items_text,
           min(manage_url) AS manage_url, min(digest_unsubscribe_url) AS unsubscribe_url
    FROM due WHERE status <> 'paused' GROUP BY user_id),
  mails AS (
    INSERT INTO mail_outbox (template, recipient, params)
    SELECT 'alert_digest', u.email,
           jsonb_build_object('username', u.username, 'count', p.n::text, 'items', p.items,
                              'items_text', p.items_text, 'manage_url', p.manage_url,
                              'list_unsubscribe', p.unsubscribe_url)
    FROM per_user p JOIN users u ON u.id = p.user_id
    RETURNING 1)
  SELECT (SELECT count(*) FROM due), (SELECT count(*) FROM mails))"};

// Sets evaluated per request at most: each is its own transaction, and the request has a deadline.
constexpr int k_max_sets_per_request = 100;

struct tally {
  nlohmann::json evaluated = nlohmann::json::array();
  int fired = 0;
  int mails = 0;
  bool more = false;

  reply_with_mail reply() && {
    return {
        {{"evaluated", std::move(evaluated)}, {"fired", fired}, {"mails", mails}, {"more", more}},
        mails};
  }
};

std::string checked_date(const nlohmann::json& params, const char* name) {
  const auto date = cambio::parse_iso_date(params.at(name).get<std::string>());
  if (!date) {
    throw rmqrpc::error(rmqrpc::errc::invalid_argument, std::string(name) + " is not a date");
  }
  return cambio::to_iso(*date);
}

// Evaluates the next pending set of `provider` up to `date`, in one transaction; false when none
// is pending.
bool evaluate_next_set(database& db, const std::string& provider, const std::string& date,
                       clock::time_point deadline, tally& t) {
  return db.pool.with_connection(k_evaluate_rate_set.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    exec(tx, k_lock_evaluation);
    const auto pending = exec(tx, k_next_pending_set, provider, date);
    if (pending.empty()) return false;
    const auto& set = pending[0];
    const auto set_date = set[1].as<std::string>();
    int fired = 0;
    nlohmann::json previous_date = nullptr;
    if (!set[3].is_null()) {
      previous_date = set[4].as<std::string>();
      const auto counts = exec(
          tx, k_evaluate_rate_set, set_date + " 00:00:00+00", "rates:" + provider + ":" + set_date,
          set_date, set[2].as<std::string>(), set[0].as<std::int64_t>(), set[3].as<std::int64_t>(),
          set[4].as<std::string>(), provider, set_date)[0];
      fired = counts[0].as<int>();
      t.mails += counts[1].as<int>();
    }
    exec(tx, k_record_evaluation, provider, set_date,
         previous_date.is_null() ? std::optional<std::string>{}
                                 : std::optional<std::string>{previous_date.get<std::string>()},
         fired);
    tx.commit();
    t.fired += fired;
    t.evaluated.push_back({{"provider", provider},
                           {"date", set_date},
                           {"previous_date", previous_date},
                           {"fired", fired}});
    return true;
  });
}

// Whether a set of `provider` up to `date` waits to be evaluated.
bool has_pending_set(database& db, const std::string& provider, const std::string& date,
                     clock::time_point deadline) {
  return db.pool.with_connection(k_next_pending_set.name, deadline, [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return !exec(tx, k_next_pending_set, provider, date).empty();
  });
}

// Evaluates the pending sets of `provider` up to `date`, oldest first, at most `budget` of them;
// `more` when sets are left over.
void evaluate_pending(database& db, const std::string& provider, const std::string& date,
                      clock::time_point deadline, int budget, tally& t) {
  for (int n = 0; n < budget; ++n) {
    if (!evaluate_next_set(db, provider, date, deadline, t)) return;
  }
  if (has_pending_set(db, provider, date, deadline)) t.more = true;
}

}  // namespace

reply_with_mail evaluate_rates(database& db, const nlohmann::json& params,
                               clock::time_point deadline) {
  db.require_ready();
  tally t;
  evaluate_pending(db, params.at("provider").get<std::string>(), checked_date(params, "date"),
                   deadline, k_max_sets_per_request, t);
  return std::move(t).reply();
}

reply_with_mail sweep_alerts(database& db, const nlohmann::json& params,
                             clock::time_point deadline) {
  db.require_ready();
  const auto max_sets = params.at("max_sets").get<int>();
  const auto providers =
      db.pool.with_connection(k_providers.name, deadline, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<std::pair<std::string, std::string>> newest;
        for (const auto& row : exec(tx, k_providers)) {
          newest.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
        }
        return newest;
      });
  tally t;
  for (const auto& [provider, newest] : providers) {
    const int budget = max_sets - static_cast<int>(t.evaluated.size());
    if (budget > 0) {
      evaluate_pending(db, provider, newest, deadline, budget, t);
    } else if (has_pending_set(db, provider, newest, deadline)) {
      t.more = true;
      break;
    }
  }
  return std::move(t).reply();
}

reply_with_mail evaluate_tick(database& db, const nlohmann::json& params,
                              clock::time_point deadline) {
  db.require_ready();
  const auto& symbol = params.at("symbol").get_ref<const std::string&>();
  const auto price = decimal_text(params.at("price").get<double>());
  const auto& at = params.at("at").get_ref<const std::string&>();
  return db.pool.with_connection(k_evaluate_tick.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    exec(tx, k_lock_evaluation);
    const auto last = exec(tx, k_last_tick, symbol, at);
    if (!last.empty() && last[0][1].as<bool>()) {  // not after the last tick evaluated
      return reply_with_mail{{{"fired", 0}, {"mails", 0}, {"ignored", true}}, 0};
    }
    int fired = 0;
    int mails = 0;
    if (!last.empty()) {
      // Alerts created before this tick is evaluated take part ("now": the transaction's start).
      const auto counts =
          exec(tx, k_evaluate_tick, at, "tick:" + symbol + ":" + at, at, "now",
               last[0][0].as<std::string>(), price, last[0][2].as<std::string>())[0];
      fired = counts[0].as<int>();
      mails = counts[1].as<int>();
    }
    exec(tx, k_save_tick, symbol, price, at);
    tx.commit();
    return reply_with_mail{{{"fired", fired}, {"mails", mails}, {"ignored", false}}, mails};
  });
}

reply_with_mail send_digests(database& db, const nlohmann::json& params,
                             clock::time_point deadline) {
  db.require_ready();
  const auto& cutoff = params.at("cutoff").get_ref<const std::string&>();
  return db.pool.with_connection(k_collect_digests.name, deadline, [&](pqxx::connection& c) {
    pqxx::work tx(c);
    exec(tx, k_lock_evaluation);
    const auto counts = exec(tx, k_collect_digests, cutoff)[0];
    tx.commit();
    const int mails = counts[1].as<int>();
    return reply_with_mail{{{"firings", counts[0].as<int>()}, {"mails", mails}}, mails};
  });
}

}  // namespace cambio::db_proxy
