-- Fairway's schema, PostgreSQL dialect. Every version has a SQLite twin under db/sqlite with the
-- same number, so both schemas move together: V1 base, V2 tenancy, V3 ledger, V4 transparency log.
-- Times are epoch milliseconds (BIGINT) in both dialects, so the same JDBC code serves both.


-- One row: this database's identity, made on first start.
CREATE TABLE fairway_instance (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  instance_id TEXT        NOT NULL,
  created_ms  BIGINT      NOT NULL
);

-- The gateway's own keys (the transparency log's signing key, the prompt-digest HMAC key). Never
-- a client's or a provider's credential: those are hashed (virtual keys) or stay in the config.
CREATE TABLE fairway_secret (
  name       TEXT PRIMARY KEY,
  value      BYTEA       NOT NULL,
  created_ms BIGINT      NOT NULL
);
