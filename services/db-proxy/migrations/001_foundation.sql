-- 001: foundation. The schema_migrations bookkeeping table is created by db-proxy's runner itself
-- (migration_runner.cpp), before any migration. Every later migration may use the helper below.
--
-- Migrations are immutable once applied (db-proxy refuses to start if one changed): change the
-- schema by adding the next numbered file. Each file runs in one transaction.

-- Trigger function that keeps an `updated_at timestamptz` column current:
--   CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
