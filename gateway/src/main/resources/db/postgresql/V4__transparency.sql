-- The transparency log, PostgreSQL dialect (twin: db/sqlite/V4__transparency.sql): an RFC 9162
-- Merkle tree over the canonical bytes of every decision record, and the signed checkpoints of
-- its growth. Append-only: the code has no UPDATE or DELETE of leaves, nodes or checkpoints, and the
-- triggers below refuse them, so a mistake cannot rewrite history. They do not stop a superuser;
-- the signed checkpoints and `fairway audit verify` catch that.

-- One row: the tree's size and its right edge (one 32-byte hash per set bit of the size, largest
-- subtree first), enough to append and to compute the root without reading the tree. Appenders
-- lock this row (SELECT ... FOR UPDATE), so instances sharing the database draw leaf indexes from
-- one sequence.
CREATE TABLE tlog_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size  BIGINT  NOT NULL,
  frontier   BYTEA   NOT NULL,
  updated_ms BIGINT  NOT NULL
);
INSERT INTO tlog_state (id, tree_size, frontier, updated_ms) VALUES (1, 0, '\x'::bytea, 0);

-- The leaves, in log order. canonical is the record's canonical bytes; leaf_hash is
-- SHA-256(0x00 || canonical).
CREATE TABLE tlog_leaf (
  idx         BIGINT  PRIMARY KEY,
  decision_id TEXT    NOT NULL UNIQUE,
  time_ms     BIGINT  NOT NULL,
  leaf_hash   BYTEA   NOT NULL,
  canonical   BYTEA   NOT NULL
);

-- Hashes of complete subtrees at levels 4, 8, 12... (level 0 is tlog_leaf.leaf_hash): about one
-- row per 15 leaves, and any subtree is at most 8 of them away, so proofs read little.
CREATE TABLE tlog_node (
  level INTEGER NOT NULL,
  idx   BIGINT  NOT NULL,
  hash  BYTEA   NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per tree size.
CREATE TABLE tlog_checkpoint (
  tree_size BIGINT PRIMARY KEY,
  root_hash BYTEA  NOT NULL,
  note      TEXT   NOT NULL,
  signed_ms BIGINT NOT NULL
);

CREATE FUNCTION tlog_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transparency log is append-only';
END
$$;

CREATE FUNCTION tlog_state_never_shrinks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tree_size < OLD.tree_size THEN
    RAISE EXCEPTION 'the transparency log is append-only';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER tlog_leaf_append_only BEFORE UPDATE OR DELETE ON tlog_leaf
  FOR EACH ROW EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_leaf_no_truncate BEFORE TRUNCATE ON tlog_leaf
  FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_node_append_only BEFORE UPDATE OR DELETE ON tlog_node
  FOR EACH ROW EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_node_no_truncate BEFORE TRUNCATE ON tlog_node
  FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_checkpoint_append_only BEFORE UPDATE OR DELETE ON tlog_checkpoint
  FOR EACH ROW EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_checkpoint_no_truncate BEFORE TRUNCATE ON tlog_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_state_no_delete BEFORE DELETE ON tlog_state
  FOR EACH ROW EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_state_no_truncate BEFORE TRUNCATE ON tlog_state
  FOR EACH STATEMENT EXECUTE FUNCTION tlog_refuse();
CREATE TRIGGER tlog_state_never_shrinks BEFORE UPDATE ON tlog_state
  FOR EACH ROW EXECUTE FUNCTION tlog_state_never_shrinks();
