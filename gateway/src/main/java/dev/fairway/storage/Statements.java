package dev.fairway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection and the statements prepared on it, each prepared once and handed out again: the
 * outbox writer keeps one while it is busy, so the sinks' statements are parsed once, not once
 * per batch. Closing closes the statements (not the connection).
 */
final class Statements implements BatchSink.Batch, AutoCloseable {
  /** More distinct statements than the sinks use: beyond it (SQL built per batch), no caching. */
  private static final int MAX = 64;

  private final Connection connection;
  private final Database.Dialect dialect;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  /** Statements prepared past {@link #MAX}, closed when the batch ends. */
  private final List<PreparedStatement> uncached = new ArrayList<>();
  private boolean firstWrite;

  Statements(Connection connection, Database.Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public Database.Dialect dialect() {
    return dialect;
  }

  @Override
  public boolean firstWrite() {
    return firstWrite;
  }

  /** Whether the batch about to be written is a {@link #firstWrite}; false unless the writer says so. */
  void firstWrite(boolean v) {
    firstWrite = v;
  }

  @Override
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = prepared.get(sql);
    if (ps != null) {
      ps.clearBatch();
      ps.clearParameters();
      return ps;
    }
    ps = connection.prepareStatement(sql);
    if (prepared.size() < MAX) {
      prepared.put(sql, ps);
    } else {
      uncached.add(ps);
    }
    return ps;
  }

  /** Ends a batch: closes the statements it prepared beyond the cache. */
  void endBatch() {
    uncached.forEach(Statements::closeQuietly);
    uncached.clear();
  }

  /** Closes every statement (not the connection). */
  @Override
  public void close() {
    endBatch();
    prepared.values().forEach(Statements::closeQuietly);
    prepared.clear();
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // the connection is going, or gone
    }
  }
}
