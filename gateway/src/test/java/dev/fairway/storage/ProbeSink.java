package dev.fairway.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test sink: each record is an id (UTF-8) inserted once into {@code outbox_probe}; it can pretend
 * the database is away, and rejects ids starting with {@code bad} for good.
 */
final class ProbeSink implements BatchSink<String> {
  final AtomicBoolean down = new AtomicBoolean();
  final AtomicInteger batches = new AtomicInteger();
  final AtomicInteger records = new AtomicInteger();

  static void createTable(Database db) {
    db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS outbox_probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
      }
      return null;
    });
  }

  @Override
  public String kind() {
    return "probe";
  }

  @Override
  public Class<String> type() {
    return String.class;
  }

  @Override
  public String decode(byte[] record) {
    String id = new String(record, StandardCharsets.UTF_8);
    if (id.startsWith("undecodable")) {
      throw new IllegalArgumentException("not a probe record");
    }
    return id;
  }

  @Override
  public void write(Batch batch, List<String> ids) throws SQLException {
    if (down.get()) {
      throw new SQLTransientConnectionException("pretend the database is down");
    }
    batches.incrementAndGet();
    PreparedStatement ps = batch.prepare("INSERT INTO outbox_probe (id, n) VALUES (?, ?) ON CONFLICT DO NOTHING");
    for (String id : ids) {
      if (id.startsWith("bad")) {
        throw new SQLException("value rejected", "22023");
      }
      ps.setString(1, id);
      ps.setInt(2, records.incrementAndGet());
      ps.addBatch();
    }
    ps.executeBatch();
  }

  static List<String> ids(Database db) {
    return db.inTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM outbox_probe ORDER BY n")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  static byte[] bytes(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }
}
