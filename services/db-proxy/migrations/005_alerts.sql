-- 005: currency-ratio alerts (issue #5; the queues are in include/db_proxy/alerts.hpp).
--
-- An alert watches the ratio of a pair: units of `quote` per 1 `base`, r(quote) / r(base) within
-- one rate set (or, for BTC pairs, the BTC price in USD times the newest set's cross rate).
-- Conditions, between the previous ratio `old` and the new one `new`:
--   crosses     the threshold lies between them: past old, up to and including new
--               (old < t <= new going up, new <= t < old going down; no move, no crossing)
--   above       new >= t        below   new <= t
--   change_pct  |new / ref - 1| * 100 >= t, ref = the ratio in the newest set on or before
--               (rate date - window_days); rate sets only (not BTC pairs)
-- A `once` alert becomes `done` when it fires; a `repeat` one fires again once `cooldown` has passed
-- in market time (rate dates at 00:00 UTC, tick times), so a replay of history behaves as the days
-- did. Only alerts created before a rate set was stored (a tick was seen) take part in it.
CREATE TABLE alerts (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Made by the frontend at create: the idempotency key of the create and the identity that the
  -- signed unsubscribe link names.
  public_id              uuid        NOT NULL UNIQUE,
  user_id                bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  base                   text        NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
  quote                  text        NOT NULL CHECK (quote ~ '^[A-Z]{3}$' AND quote <> base),
  condition              text        NOT NULL
                         CHECK (condition IN ('crosses', 'above', 'below', 'change_pct')),
  threshold              numeric     NOT NULL CHECK (threshold > 0),
  window_days            integer     CHECK (window_days BETWEEN 1 AND 365),
  mode                   text        NOT NULL CHECK (mode IN ('once', 'repeat')),
  cooldown               interval    CHECK (cooldown >= interval '1 minute'),
  delivery               text        NOT NULL CHECK (delivery IN ('instant', 'daily_digest')),
  status                 text        NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'paused', 'done')),
  -- The links the mails carry, made by the frontend (it holds the public URL and the signing key).
  manage_url             text        NOT NULL,
  unsubscribe_url        text        NOT NULL,
  digest_unsubscribe_url text        NOT NULL,
  firings                integer     NOT NULL DEFAULT 0 CHECK (firings >= 0),
  last_fired_at          timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((condition = 'change_pct') = (window_days IS NOT NULL)),
  CHECK ((mode = 'repeat') = (cooldown IS NOT NULL))
);

-- Evaluation: one index range scan per (pair, condition) over the thresholds a move reaches.
CREATE INDEX alerts_levels ON alerts (base, quote, condition, threshold) WHERE status = 'active';
CREATE INDEX alerts_changes ON alerts (base, quote, window_days, threshold)
  WHERE status = 'active' AND condition = 'change_pct';
-- A user's list, newest first (keyset pagination by id).
CREATE INDEX alerts_by_user ON alerts (user_id, id DESC);

-- One row per firing, unique per (alert, window): the rate date ('rates:<provider>:<date>') or the
-- tick ('tick:<symbol>:<time>'). It is written in the same transaction as its outbox mail (instant
-- delivery) or later collected into one digest mail per user (digested_at).
CREATE TABLE alert_firings (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id       bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  window_key     text        NOT NULL,
  market_at      timestamptz NOT NULL,
  headline       text        NOT NULL,
  previous_label text        NOT NULL,  -- the previous ratio's rate date (or tick time)
  new_label      text        NOT NULL,
  previous_ratio numeric     NOT NULL,
  new_ratio      numeric     NOT NULL,
  direction      text        NOT NULL CHECK (direction IN ('up', 'down', 'unchanged')),
  delivery       text        NOT NULL CHECK (delivery IN ('instant', 'daily_digest')),
  fired_at       timestamptz NOT NULL DEFAULT now(),
  digested_at    timestamptz,
  UNIQUE (alert_id, window_key)
);
CREATE INDEX alert_firings_history ON alert_firings (alert_id, id DESC);
CREATE INDEX alert_firings_digest_due ON alert_firings (fired_at)
  WHERE delivery = 'daily_digest' AND digested_at IS NULL;

-- The rate sets already evaluated: a set is evaluated once (a redelivered or duplicated
-- rates.updated, a sweep, a second evaluator replica find it here). The first row of a provider
-- marks where evaluation started: older sets (a backfill) are history, never evaluated.
CREATE TABLE alert_evaluations (
  provider      text        NOT NULL,
  rate_date     date        NOT NULL,
  previous_date date,
  fired         integer     NOT NULL CHECK (fired >= 0),
  evaluated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, rate_date)
);

-- The last tick evaluated per symbol: the next tick is compared with it.
CREATE TABLE alert_ticks (
  symbol text        PRIMARY KEY,
  price  numeric     NOT NULL CHECK (price > 0),
  at     timestamptz NOT NULL
);

-- A ratio for people: six significant digits, no trailing zeros (1.0845, 0.0000111111, 150.23).
-- The magnitude comes from a float8 logarithm (a numeric one costs ~10 µs: mails of 10,000 firings
-- are built in one statement).
CREATE FUNCTION ratio_text(x numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT trim_scale(round(x, greatest(0, 5 - floor(log(x::float8))::int)))::text
$$;
