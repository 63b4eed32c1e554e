-- The transparency log, SQLite dialect (twin: db/postgresql/V4__transparency.sql): an RFC 9162
-- Merkle tree over the canonical bytes of every decision record, and the signed checkpoints of
-- its growth. Append-only: the code has no UPDATE or DELETE of leaves, nodes or checkpoints, and the
-- triggers below refuse them, so a mistake cannot rewrite history. They do not stop someone who
-- owns the file; the signed checkpoints and `fairway audit verify` catch that.

-- One row: the tree's size and its right edge (one 32-byte hash per set bit of the size, largest
-- subtree first), enough to append and to compute the root without reading the tree. Appenders
-- lock this row, so instances sharing a database draw leaf indexes from one sequence.
CREATE TABLE tlog_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size  BIGINT  NOT NULL,
  frontier   BLOB    NOT NULL,
  updated_ms BIGINT  NOT NULL
);
INSERT INTO tlog_state (id, tree_size, frontier, updated_ms) VALUES (1, 0, X'', 0);

-- The leaves, in log order. canonical is the record's canonical bytes; leaf_hash is
-- SHA-256(0x00 || canonical). canonical comes last so reading hashes never touches its pages.
CREATE TABLE tlog_leaf (
  idx         INTEGER PRIMARY KEY,
  decision_id TEXT    NOT NULL UNIQUE,
  time_ms     BIGINT  NOT NULL,
  leaf_hash   BLOB    NOT NULL,
  canonical   BLOB    NOT NULL
);

-- Hashes of complete subtrees at levels 4, 8, 12... (level 0 is tlog_leaf.leaf_hash): about one
-- row per 15 leaves, and any subtree is at most 8 of them away, so proofs read little.
CREATE TABLE tlog_node (
  level INTEGER NOT NULL,
  idx   BIGINT  NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per tree size.
CREATE TABLE tlog_checkpoint (
  tree_size BIGINT PRIMARY KEY,
  root_hash BLOB   NOT NULL,
  note      TEXT   NOT NULL,
  signed_ms BIGINT NOT NULL
);

CREATE TRIGGER tlog_leaf_no_update BEFORE UPDATE ON tlog_leaf
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_leaf_no_delete BEFORE DELETE ON tlog_leaf
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_node_no_update BEFORE UPDATE ON tlog_node
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_node_no_delete BEFORE DELETE ON tlog_node
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_checkpoint_no_update BEFORE UPDATE ON tlog_checkpoint
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_checkpoint_no_delete BEFORE DELETE ON tlog_checkpoint
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_state_no_delete BEFORE DELETE ON tlog_state
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
CREATE TRIGGER tlog_state_never_shrinks BEFORE UPDATE ON tlog_state WHEN NEW.tree_size < OLD.tree_size
BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END;
