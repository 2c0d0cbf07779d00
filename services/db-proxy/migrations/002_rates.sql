-- 002: reference rates and the coarse BTC price history.
--
-- A rate set is one provider's rates for one rate date (the provider's date, never the fetch date),
-- against the provider's base currency, stored once: (provider, rate_date) is unique and a second
-- store of the same set is a no-op. Rates are `numeric`, exactly as the provider published them.
-- No set is ever dated on a Saturday or Sunday (ISO day of week 6 and 7).
CREATE TABLE rate_sets (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider  text        NOT NULL CHECK (provider <> ''),
  rate_date date        NOT NULL CHECK (extract(isodow FROM rate_date) < 6),
  base      text        NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
  stored_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, rate_date)
);

-- One row per (set, quote currency): units of `currency` per 1 unit of the set's base. The base
-- itself is not stored (its rate is 1).
CREATE TABLE rates (
  set_id   bigint  NOT NULL REFERENCES rate_sets (id) ON DELETE CASCADE,
  currency text    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rate     numeric NOT NULL CHECK (rate > 0),
  PRIMARY KEY (set_id, currency)
);

-- The BTC price at coarse resolution: one bar per symbol and time bucket (a minute by default),
-- updated by every recorded tick that falls into it.
CREATE TABLE price_bars (
  symbol text        NOT NULL CHECK (symbol ~ '^[A-Z]{3,10}$'),
  bucket timestamptz NOT NULL,
  open   numeric     NOT NULL CHECK (open > 0),
  high   numeric     NOT NULL CHECK (high > 0),
  low    numeric     NOT NULL CHECK (low > 0),
  close  numeric     NOT NULL CHECK (close > 0),
  ticks  integer     NOT NULL DEFAULT 1 CHECK (ticks > 0),
  PRIMARY KEY (symbol, bucket)
);
