-- 004: accounts — users, email verification, browser sessions, API refresh tokens, login throttling
-- and profile pictures (issue #4; the queues are in include/db_proxy/accounts.hpp).
--
-- Secrets are never stored: the frontend makes every random token and sends only its sha256 (64
-- lowercase hex), so a copy of this database opens no session and verifies no email. Passwords
-- arrive as Argon2id hashes (libsodium's encoding). The CHECKs below back up the rules the
-- frontend and db-proxy already apply, so a bug in either cannot store what the rules forbid.

-- A user is `pending` from registration until an emailed link is followed, then `active`
-- (verified_at says when; the CHECK keeps the two in step). Usernames are stored as given, which is
-- lower case by rule; emails are stored as given and unique case-insensitively, which the unique
-- index on lower(email) enforces (and which registration's ON CONFLICT relies on: two registrations
-- of one email at once → one row, the other finds it).
CREATE TABLE users (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username         text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_]{3,32}$'),
  email            text        NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
  password_hash    text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active')),
  -- Checked against common/currency by db-proxy (a retired code cannot be picked); EUR is the
  -- reference rates' base.
  default_currency text        NOT NULL DEFAULT 'EUR' CHECK (default_currency ~ '^[A-Z]{3}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  verified_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'active') = (verified_at IS NOT NULL))
);
-- Uniqueness of emails, and the lookup of a login or a resend by email.
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TRIGGER users_touch BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Verification tokens: single use (used_at), expiring. A resend adds a token; earlier unused ones
-- stay valid until they expire. Rows are kept after use: the resend throttle counts the tokens a
-- user was sent in the last hour.
CREATE TABLE email_verifications (
  token_hash text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  CHECK (expires_at > created_at AND expires_at <= created_at + interval '7 days')
);
-- The resend throttle: a user's tokens of the last hour.
CREATE INDEX email_verifications_user ON email_verifications (user_id, created_at);

-- Browser sessions. A session ends at whichever comes first: `idle_expires_at` (moved forward by
-- each use, by idle_s, never past the absolute expiry), `absolute_expires_at` (fixed at creation)
-- or `revoked_at` (logout, rotation at login, a password change). The CSRF token belongs to the
-- session and is returned with it.
CREATE TABLE sessions (
  session_hash        text        PRIMARY KEY CHECK (session_hash ~ '^[0-9a-f]{64}$'),
  user_id             bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token          text        NOT NULL CHECK (csrf_token ~ '^[A-Za-z0-9_-]{22,128}$'),
  idle_s              integer     NOT NULL CHECK (idle_s BETWEEN 60 AND 86400),
  created_at          timestamptz NOT NULL DEFAULT now(),
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  CHECK (idle_expires_at <= absolute_expires_at),
  CHECK (absolute_expires_at <= created_at + interval '30 days')
);
-- A password change revokes a user's live sessions.
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL;

-- API refresh tokens rotate: each use spends the token (used_at, replaced_by = the successor's
-- hash) and adds its successor to the same family, one family per login. Presenting a spent token
-- again means it was stolen (or the thief already used it): the whole family is revoked. Revocation
-- is per family — logout, reuse, a password change — so it lives on the family.
CREATE TABLE refresh_families (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'reuse', 'password')),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
-- A password change revokes a user's live families.
CREATE INDEX refresh_families_user_live ON refresh_families (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  token_hash  text        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  family_id   bigint      NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  -- Kept so that a retry of the same rotation (a lost reply) is answered again, not taken for reuse.
  replaced_by text CHECK (replaced_by ~ '^[0-9a-f]{64}$'),
  CHECK (expires_at > created_at AND expires_at <= created_at + interval '90 days'),
  CHECK ((used_at IS NULL) = (replaced_by IS NULL))
);
-- The foreign key's cascade from a family (PostgreSQL does not index referencing columns itself).
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Failed logins, one row per throttled subject: an account (subject = the user id) or a client
-- address (subject = the IP text). A fixed window opens with a subject's first failure; the
-- failure that reaches the limit within it sets locked_until, and logins are refused until then.
-- The first failure after a window or a lockout has passed opens a new window. A successful login
-- deletes the account's row (its address keeps its count: one address guessing many accounts).
CREATE TABLE login_failures (
  scope        text        NOT NULL CHECK (scope IN ('account', 'address')),
  subject      text        NOT NULL CHECK (subject <> '' AND length(subject) <= 64),
  failures     integer     NOT NULL CHECK (failures > 0),
  window_start timestamptz NOT NULL,
  locked_until timestamptz,
  PRIMARY KEY (scope, subject)
);

-- Profile pictures: the 256×256 PNG the frontend re-encoded, at most 512 KiB, starting with the PNG
-- signature. The etag is derived from the bytes, so it changes exactly when the picture does.
CREATE TABLE pictures (
  user_id    bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  png        bytea       NOT NULL CHECK (octet_length(png) <= 524288 AND
                                         substring(png FROM 1 FOR 8) = '\x89504e470d0a1a0a'::bytea),
  etag       text        NOT NULL GENERATED ALWAYS AS (encode(sha256(png), 'hex')) STORED,
  updated_at timestamptz NOT NULL DEFAULT now()
);
