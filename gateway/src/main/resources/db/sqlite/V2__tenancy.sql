-- Tenancy, SQLite dialect (twin: db/postgresql/V2__tenancy.sql): teams, virtual keys, spend per
-- budget period, the admin audit, and a change counter the key caches poll. Money is exact
-- decimal text (SQLite's NUMERIC would round it through a double); lists and metadata are JSON
-- text; times are epoch milliseconds.

CREATE TABLE tenancy_team (
  id             TEXT    PRIMARY KEY,
  name           TEXT,
  models         TEXT    NOT NULL,          -- JSON array of model, alias and router names; [] = all
  max_budget_usd TEXT,                      -- exact decimal; NULL = no budget
  budget_period  TEXT    NOT NULL,          -- 1h | 1d | 7d | 30d | month | none
  rpm            INTEGER,
  tpm            BIGINT,
  max_parallel   INTEGER,
  metadata       TEXT    NOT NULL,          -- JSON object
  blocked        BOOLEAN NOT NULL DEFAULT 0,
  created_ms     BIGINT  NOT NULL,
  updated_ms     BIGINT  NOT NULL
);

-- A key's secret is never stored: only the SHA-256 of it, and after a rotation the previous
-- secret's SHA-256 with the end of its grace period.
CREATE TABLE tenancy_key (
  id                TEXT    PRIMARY KEY,    -- the public id of sk-fw-<id>-<secret>
  name              TEXT,
  team_id           TEXT    REFERENCES tenancy_team (id),
  models            TEXT    NOT NULL,
  max_budget_usd    TEXT,
  budget_period     TEXT    NOT NULL,
  rpm               INTEGER,
  tpm               BIGINT,
  max_parallel      INTEGER,
  expires_ms        BIGINT,
  metadata          TEXT    NOT NULL,
  blocked           BOOLEAN NOT NULL DEFAULT 0,
  secret_sha256     BLOB    NOT NULL,
  previous_sha256   BLOB,
  previous_until_ms BIGINT,
  created_ms        BIGINT  NOT NULL,
  updated_ms        BIGINT  NOT NULL
);
CREATE INDEX tenancy_key_team ON tenancy_key (team_id);

-- Settled spend of a key or a team in one budget period (period_start_ms = 0 for a lifetime
-- budget), written in batches off the request path and loaded back on start.
CREATE TABLE tenancy_spend (
  scope           TEXT   NOT NULL,          -- key | team
  scope_id        TEXT   NOT NULL,
  period_start_ms BIGINT NOT NULL,
  spend_usd       TEXT   NOT NULL,
  updated_ms      BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, period_start_ms)
);

-- Every change made through the admin API: who, when, what, and the settings before and after
-- (JSON, never a secret nor its hash).
CREATE TABLE tenancy_audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms       BIGINT NOT NULL,
  actor       TEXT   NOT NULL,
  action      TEXT   NOT NULL,              -- create | update | block | unblock | rotate | delete
  target_type TEXT   NOT NULL,              -- key | team
  target_id   TEXT   NOT NULL,
  before_json TEXT,
  after_json  TEXT
);
CREATE INDEX tenancy_audit_target ON tenancy_audit (target_type, target_id, at_ms);

-- Bumped by triggers on every change to keys or teams, however made (the admin API of any
-- instance, or SQL by hand): each instance polls it to know when to reload its key cache.
CREATE TABLE tenancy_change (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO tenancy_change (id, version) VALUES (1, 0);

CREATE TRIGGER tenancy_key_insert AFTER INSERT ON tenancy_key
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER tenancy_key_update AFTER UPDATE ON tenancy_key
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER tenancy_key_delete AFTER DELETE ON tenancy_key
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER tenancy_team_insert AFTER INSERT ON tenancy_team
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER tenancy_team_update AFTER UPDATE ON tenancy_team
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER tenancy_team_delete AFTER DELETE ON tenancy_team
BEGIN
  UPDATE tenancy_change SET version = version + 1 WHERE id = 1;
END;
