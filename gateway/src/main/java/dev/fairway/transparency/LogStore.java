package dev.fairway.transparency;

import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The log's tables (V4): leaves, kept subtree hashes, the state row, checkpoints. Every method
 * works on the caller's connection and leaves transactions to it. There is no UPDATE or DELETE here
 * but the state row's: the log only grows.
 */
final class LogStore {
  private static final int CHUNK = 512; // a power of two: see existing()

  private final Database.Dialect dialect;

  LogStore(Database.Dialect dialect) {
    this.dialect = dialect;
  }

  /** The tree's size and right edge. */
  record State(long size, Frontier frontier) {}

  State readState(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT tree_size, frontier FROM tlog_state WHERE id = 1")) {
      return state(rs);
    }
  }

  /**
   * Reads the state row locked for this transaction, so concurrent appenders (other instances on
   * the same PostgreSQL) queue here and every leaf index is drawn once.
   */
  private State lockState(BatchSink.Batch b) throws SQLException {
    if (dialect == Database.Dialect.SQLITE) {
      // Writing first takes SQLite's one write lock now: a read first would pin a snapshot that
      // a concurrent writer makes stale (SQLITE_BUSY_SNAPSHOT) when this transaction writes.
      b.prepare("UPDATE tlog_state SET updated_ms = updated_ms WHERE id = 1").executeUpdate();
      try (ResultSet rs = b.prepare("SELECT tree_size, frontier FROM tlog_state WHERE id = 1").executeQuery()) {
        return state(rs);
      }
    }
    try (ResultSet rs = b.prepare("SELECT tree_size, frontier FROM tlog_state WHERE id = 1 FOR UPDATE")
        .executeQuery()) {
      return state(rs);
    }
  }

  private static State state(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      throw new SQLException("the transparency log's state row is missing");
    }
    long size = rs.getLong(1);
    return new State(size, Frontier.decode(size, rs.getBytes(2)));
  }

  /**
   * Appends the records whose decision ids the log does not hold yet, in order, on {@code c}'s
   * transaction; returns how many it appended (a replayed record is skipped, never doubled).
   */
  int append(BatchSink.Batch b, List<LogRecord> records, long nowMs) throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    State state = lockState(b);
    // A first write of records this process made cannot meet one of them in the log: no lookup.
    Set<String> skip = b.firstWrite() ? new HashSet<>() : existing(b, records);
    Frontier frontier = state.frontier();
    int appended = 0;
    PreparedStatement leaf = b.prepare(
        "INSERT INTO tlog_leaf (idx, decision_id, time_ms, leaf_hash, canonical) VALUES (?, ?, ?, ?, ?)");
    PreparedStatement node = b.prepare("INSERT INTO tlog_node (level, idx, hash) VALUES (?, ?, ?)");
    try {
      int[] pendingNodes = {0};
      for (LogRecord r : records) {
        if (!skip.add(r.decisionId())) {
          continue;
        }
        byte[] canonical = r.leaf();
        byte[] hash = Merkle.leafHash(canonical);
        leaf.setLong(1, frontier.size());
        leaf.setString(2, r.decisionId());
        leaf.setLong(3, r.timeMs());
        leaf.setBytes(4, hash);
        leaf.setBytes(5, canonical);
        leaf.addBatch();
        frontier.append(hash, (level, index, h) -> {
          if (Strata.kept(level)) {
            try {
              node.setInt(1, level);
              node.setLong(2, index);
              node.setBytes(3, h);
              node.addBatch();
              pendingNodes[0]++;
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }
        });
        if (++appended % CHUNK == 0) {
          leaf.executeBatch();
        }
      }
      if (appended == 0) {
        return 0;
      }
      leaf.executeBatch();
      if (pendingNodes[0] > 0) {
        node.executeBatch();
      }
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw e;
    }
    PreparedStatement s = b.prepare(
        "UPDATE tlog_state SET tree_size = ?, frontier = ?, updated_ms = ? WHERE id = 1 AND tree_size = ?");
    s.setLong(1, frontier.size());
    s.setBytes(2, frontier.encode());
    s.setLong(3, nowMs);
    s.setLong(4, state.size());
    if (s.executeUpdate() != 1) {
      throw new SQLException("the transparency log's state moved under a locked append");
    }
    return appended;
  }

  /**
   * The decision ids of {@code records} the log already holds. The IN lists come in power-of-two
   * lengths (the last id repeated to fill), so a handful of statements serve every batch size and
   * the writer prepares each once.
   */
  private static Set<String> existing(BatchSink.Batch b, List<LogRecord> records) throws SQLException {
    Set<String> out = new HashSet<>();
    for (int from = 0; from < records.size(); from += CHUNK) {
      List<LogRecord> part = records.subList(from, Math.min(records.size(), from + CHUNK));
      int n = Math.min(CHUNK, Integer.highestOneBit(part.size() * 2 - 1));
      PreparedStatement s = b.prepare(IN_LISTS[Integer.numberOfTrailingZeros(n)]);
      for (int i = 0; i < n; i++) {
        s.setString(i + 1, part.get(Math.min(i, part.size() - 1)).decisionId());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** {@code SELECT ... IN (?, ...)} with 2^i parameters, for 2^i up to CHUNK. */
  private static final String[] IN_LISTS = new String[Integer.numberOfTrailingZeros(CHUNK) + 1];

  static {
    for (int i = 0; i < IN_LISTS.length; i++) {
      IN_LISTS[i] = "SELECT decision_id FROM tlog_leaf WHERE decision_id IN (" + "?,".repeat((1 << i) - 1) + "?)";
    }
  }

  /** The leaf of {@code decisionId}: with its canonical bytes when {@code withBytes}, else with empty ones. */
  Optional<LogEntry> entry(Connection c, String decisionId, boolean withBytes) throws SQLException {
    String sql = "SELECT idx, decision_id, time_ms, leaf_hash" + (withBytes ? ", canonical" : "")
        + " FROM tlog_leaf WHERE decision_id = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, decisionId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(entry(rs, withBytes)) : Optional.empty();
      }
    }
  }

  /** Up to {@code limit} leaves from index {@code from} on, in order. */
  List<LogEntry> entries(Connection c, long from, int limit) throws SQLException {
    List<LogEntry> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT idx, decision_id, time_ms, leaf_hash, canonical"
        + " FROM tlog_leaf WHERE idx >= ? ORDER BY idx LIMIT ?")) {
      s.setLong(1, from);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs, true));
        }
      }
    }
    return out;
  }

  private static LogEntry entry(ResultSet rs, boolean withBytes) throws SQLException {
    return new LogEntry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4),
        withBytes ? rs.getBytes(5) : new byte[0]);
  }

  /** Keeps the checkpoint unless one of its size is already kept (another instance signed it first). */
  void insertCheckpoint(Connection c, StoredCheckpoint cp) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO tlog_checkpoint (tree_size, root_hash, note, signed_ms)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING")) {
      s.setLong(1, cp.size());
      s.setBytes(2, cp.root());
      s.setString(3, cp.note());
      s.setLong(4, cp.signedMs());
      s.executeUpdate();
    }
  }

  Optional<StoredCheckpoint> latestCheckpoint(Connection c) throws SQLException {
    List<StoredCheckpoint> l = checkpoints(c, "ORDER BY tree_size DESC LIMIT 1", -1, 1);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** Up to {@code limit} checkpoints of size {@code fromSize} and up, smallest first. */
  List<StoredCheckpoint> checkpoints(Connection c, long fromSize, int limit) throws SQLException {
    return checkpoints(c, "WHERE tree_size >= ? ORDER BY tree_size LIMIT ?", fromSize, limit);
  }

  private static List<StoredCheckpoint> checkpoints(Connection c, String tail, long fromSize, int limit)
      throws SQLException {
    List<StoredCheckpoint> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT tree_size, root_hash, note, signed_ms FROM tlog_checkpoint " + tail)) {
      if (fromSize >= 0) {
        s.setLong(1, fromSize);
        s.setInt(2, limit);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  /** The complete subtrees of the stored tree's first {@code size} leaves, read through {@code c}. */
  Subtrees subtrees(Connection c, long size) {
    return new Stored(c, size);
  }

  /**
   * Subtrees read from the kept levels: a proof's whole plan is fetched with one statement, then
   * folded in memory.
   */
  private static final class Stored implements Subtrees {
    private final Connection c;
    private final long size;
    private final Map<Node, byte[]> kept = new HashMap<>();

    Stored(Connection c, long size) {
      this.c = c;
      this.size = size;
    }

    @Override
    public byte[] subtree(int level, long index) {
      if (index < 0 || ((index + 1) << level) > size) {
        throw new IllegalArgumentException("subtree (" + level + ", " + index + ") is not in a tree of " + size);
      }
      return Strata.subtree(level, index, this::kept);
    }

    private byte[] kept(int level, long index) {
      Node n = new Node(level, index);
      byte[] h = kept.get(n);
      if (h == null) {
        prefetch(List.of(n));
        h = kept.get(n);
        if (h == null) {
          throw new IllegalStateException("the log's stored tree lacks subtree (" + level + ", " + index + ")");
        }
      }
      return h;
    }

    @Override
    public void prefetch(Collection<Node> nodes) {
      // Each wanted subtree is a run of hashes on the kept level below it: collect the runs.
      Map<Integer, List<long[]>> runs = new HashMap<>();
      for (Node n : nodes) {
        int base = Strata.base(n.level());
        int shift = n.level() - base;
        long from = n.index() << shift;
        long to = ((n.index() + 1) << shift) - 1;
        if (kept.containsKey(new Node(base, from)) && kept.containsKey(new Node(base, to))) {
          continue;
        }
        runs.computeIfAbsent(base, k -> new ArrayList<>()).add(new long[] {from, to});
      }
      if (runs.isEmpty()) {
        return;
      }
      // One range search per run, glued with UNION ALL: SQLite plans an OR of ranges under
      // "level = ?" as a scan of the whole level, but each of these as a primary-key range.
      StringBuilder sql = new StringBuilder();
      List<Long> args = new ArrayList<>();
      for (Map.Entry<Integer, List<long[]>> e : runs.entrySet()) {
        for (long[] run : merge(e.getValue())) {
          if (!sql.isEmpty()) {
            sql.append(" UNION ALL ");
          }
          sql.append(e.getKey() == 0
              ? "SELECT 0, idx, leaf_hash FROM tlog_leaf WHERE idx BETWEEN ? AND ?"
              : "SELECT level, idx, hash FROM tlog_node WHERE level = " + e.getKey() + " AND idx BETWEEN ? AND ?");
          args.add(run[0]);
          args.add(run[1]);
        }
      }
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          s.setLong(i + 1, args.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            kept.put(new Node(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the log's tree: " + e.getMessage(), e);
      }
    }

    private static List<long[]> merge(List<long[]> runs) {
      runs.sort((a, b) -> Long.compare(a[0], b[0]));
      List<long[]> out = new ArrayList<>();
      for (long[] r : runs) {
        long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && r[0] <= last[1] + 1) {
          last[1] = Math.max(last[1], r[1]);
        } else {
          out.add(r.clone());
        }
      }
      return out;
    }
  }
}
