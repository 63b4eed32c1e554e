-- V3: the usage ledger, SQLite dialect (twin of db/postgresql/V3__ledger.sql).
--
-- One row per request; retention deletes old rows in small batches (SQLite has no partitions).
-- A replayed row has the same start time and request id, so ON CONFLICT DO NOTHING skips it.
--
-- Costs: SQLite has no exact decimal type (REAL sums drift), so costs are INTEGER counts of
-- 10^-12 USD (cost_pico_usd): sums are exact integer arithmetic, and SUM() raises an error
-- rather than round should a total ever pass 9.2 million USD.
CREATE TABLE ledger (
  request_id          TEXT    NOT NULL,
  started_ms          BIGINT  NOT NULL,
  finished_ms         BIGINT  NOT NULL,
  key_id              TEXT,
  team                TEXT,
  end_user            TEXT,
  protocol            TEXT    NOT NULL,
  endpoint            TEXT    NOT NULL,
  requested_model     TEXT,
  served_model        TEXT,
  model               TEXT    NOT NULL,  -- served_model, else requested_model: what reports group by
  provider            TEXT,
  deployment          TEXT,
  attempts            INTEGER NOT NULL,
  status              INTEGER NOT NULL,
  error_kind          TEXT,
  input_tokens        BIGINT  NOT NULL,
  cached_input_tokens BIGINT  NOT NULL,
  cache_write_tokens  BIGINT  NOT NULL,
  output_tokens       BIGINT  NOT NULL,
  reasoning_tokens    BIGINT  NOT NULL,
  usage_estimated     INTEGER NOT NULL,  -- 0 or 1
  cost_pico_usd       INTEGER NOT NULL,  -- 10^-12 USD
  latency_ms          BIGINT  NOT NULL,
  ttft_ms             BIGINT,
  stream              INTEGER NOT NULL,
  cache_hit           INTEGER NOT NULL,
  decision_id         TEXT,
  tags                TEXT,              -- JSON object of x-fairway-tags, or NULL
  prompt              TEXT,              -- only with ledger.store_content
  completion          TEXT,
  PRIMARY KEY (started_ms, request_id)
);

-- The request log pages newest first by (started_ms, request_id), optionally filtered: each
-- filter has an index that ends in the paging order, so a page is an index range scan. No index
-- by end user: spend by user reads ledger_daily_dim, and an index with one insertion point per
-- user doubled the cost of every insert at ten million rows (measured on SQLite).
CREATE INDEX ledger_by_key    ON ledger (key_id, started_ms, request_id);
CREATE INDEX ledger_by_model  ON ledger (model, started_ms, request_id);
-- Failed or not, then time: ?status=error and ?status=ok page in time order whatever the error
-- rate; an exact status is filtered within its half.
CREATE INDEX ledger_by_outcome ON ledger ((status >= 400), started_ms, request_id);

-- Daily rollups: what reports read, so they stay fast whatever the number of rows. Updated in
-- the same transaction as the rows, and only for rows actually inserted (a replay adds nothing).
-- Absent dimensions are '' rather than NULL, so that the key is a key.
CREATE TABLE ledger_daily (
  day_ms              BIGINT  NOT NULL,  -- UTC midnight of started_ms
  key_id              TEXT    NOT NULL,
  team                TEXT    NOT NULL,
  model               TEXT    NOT NULL,
  provider            TEXT    NOT NULL,
  endpoint            TEXT    NOT NULL,
  requests            BIGINT  NOT NULL,
  failures            BIGINT  NOT NULL,
  input_tokens        BIGINT  NOT NULL,
  cached_input_tokens BIGINT  NOT NULL,
  cache_write_tokens  BIGINT  NOT NULL,
  output_tokens       BIGINT  NOT NULL,
  reasoning_tokens    BIGINT  NOT NULL,
  cost_pico_usd       INTEGER NOT NULL,
  PRIMARY KEY (day_ms, key_id, team, model, provider, endpoint)
);
CREATE INDEX ledger_daily_by_key ON ledger_daily (key_id, day_ms);

-- The same sums per single dimension and day (dim is key, team, model, provider, endpoint or user):
-- spend by one dimension over a month reads days x values rows (30 x 12 for models), not every
-- (key, model, endpoint) combination of ledger_daily, so it answers in milliseconds.
CREATE TABLE ledger_daily_dim (
  day_ms              BIGINT  NOT NULL,
  dim                 TEXT    NOT NULL,
  value               TEXT    NOT NULL,
  requests            BIGINT  NOT NULL,
  failures            BIGINT  NOT NULL,
  input_tokens        BIGINT  NOT NULL,
  cached_input_tokens BIGINT  NOT NULL,
  cache_write_tokens  BIGINT  NOT NULL,
  output_tokens       BIGINT  NOT NULL,
  reasoning_tokens    BIGINT  NOT NULL,
  cost_pico_usd       INTEGER NOT NULL,
  PRIMARY KEY (dim, day_ms, value)
);
