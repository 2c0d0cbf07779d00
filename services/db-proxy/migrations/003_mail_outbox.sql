-- 003: the mail outbox. Whoever causes a mail (a registration, an alert firing) inserts its row in
-- the same transaction as the change itself, through db_proxy::enqueue_mail (mail_outbox.hpp); the
-- mailer claims due rows, sends them over SMTP and marks them sent, or schedules a retry, or
-- gives up (dead). A row is never deleted by the mailer: `sent` and `dead` rows are the record.
--
-- A row holds what to send, not the rendered message: the mailer renders `template` with
-- `params` (its own template set). `message_id` (the left part of the Message-ID; the mailer adds
-- `@<its mail domain>`) is fixed at insert, so a mail sent twice (a mailer killed between the SMTP
-- reply and marking it sent) carries the same Message-ID both times.
CREATE TABLE mail_outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  template        text        NOT NULL CHECK (template ~ '^[a-z][a-z0-9_]*$'),
  recipient       text        NOT NULL CHECK (recipient ~ '^[^@\s]+@[^@\s]+$'),
  params          jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  message_id      text        NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A claim is a lease: a mailer that dies holding rows loses them when claimed_until passes.
  claimed_by      text,
  claimed_until   timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The claim scans only pending rows, in the order they become due.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE status = 'pending';
-- `cambioctl mail list [--dead]`: the newest first, per status.
CREATE INDEX mail_outbox_recent ON mail_outbox (status, created_at DESC);

CREATE TRIGGER mail_outbox_touch BEFORE UPDATE ON mail_outbox
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
