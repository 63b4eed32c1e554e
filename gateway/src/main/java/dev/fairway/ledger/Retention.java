package dev.fairway.ledger;

import dev.fairway.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The ledger's upkeep: on PostgreSQL, today's and tomorrow's partitions made ahead, and whole
 * partitions older than the retention dropped; on SQLite, old rows deleted a few thousand per
 * transaction so the writer is never held for long. Rollups are kept.
 */
final class Retention {
  private Retention() {}

  static final int SQLITE_DELETE_BATCH = 5_000;

  /** The first start time kept: midnight {@code days} days before today (UTC). */
  static long cutoff(long nowMs, int days) {
    return SpendReports.floorDay(nowMs) - days * Partitions.DAY_MS;
  }

  static Ledger.Upkeep run(Database db, long nowMs, int retentionDays) throws SQLException {
    if (db.dialect() == Database.Dialect.POSTGRESQL) {
      int created = 0;
      int dropped = 0;
      try (Connection c = db.connection()) {
        c.setAutoCommit(true);
        long today = SpendReports.floorDay(nowMs);
        created += Partitions.ensure(c, today) ? 1 : 0;
        created += Partitions.ensure(c, today + Partitions.DAY_MS) ? 1 : 0;
        if (retentionDays > 0) {
          dropped = Partitions.dropBefore(c, cutoff(nowMs, retentionDays));
        }
      }
      return new Ledger.Upkeep(created, dropped, 0);
    }
    if (retentionDays == 0) {
      return new Ledger.Upkeep(0, 0, 0);
    }
    long cutoff = cutoff(nowMs, retentionDays);
    long deleted = 0;
    while (true) {
      int n = db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger WHERE rowid IN"
            + " (SELECT rowid FROM ledger WHERE started_ms < ? LIMIT " + SQLITE_DELETE_BATCH + ")")) {
          ps.setLong(1, cutoff);
          return ps.executeUpdate();
        }
      });
      deleted += n;
      if (n < SQLITE_DELETE_BATCH) {
        return new Ledger.Upkeep(0, 0, deleted);
      }
    }
  }
}
