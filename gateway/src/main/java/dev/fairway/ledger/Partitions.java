package dev.fairway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL ledger's daily partitions ({@code ledger_pYYYYMMDD}, UTC): made before rows need
 * them, listed, and dropped whole when older than the retention.
 */
final class Partitions {
  private Partitions() {}

  static final long DAY_MS = 86_400_000L;
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final String PREFIX = "ledger_p";

  static String name(long dayMs) {
    return PREFIX + NAME.format(Instant.ofEpochMilli(dayMs));
  }

  static boolean exists(Connection c, long dayMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, name(dayMs));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Makes the partition of {@code dayMs} unless it exists; true if this call made it. Another
   * instance making it at the same moment is not an error (inside a transaction, a savepoint keeps
   * that race from aborting the caller's batch).
   */
  static boolean ensure(Connection c, long dayMs) throws SQLException {
    if (exists(c, dayMs)) {
      return false;
    }
    String sql = "CREATE TABLE IF NOT EXISTS " + name(dayMs) + " PARTITION OF ledger FOR VALUES FROM ("
        + dayMs + ") TO (" + (dayMs + DAY_MS) + ")";
    boolean tx = !c.getAutoCommit();
    Savepoint sp = tx ? c.setSavepoint() : null;
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      if (sp != null) {
        c.releaseSavepoint(sp);
      }
      return true;
    } catch (SQLException e) {
      if (sp != null) {
        c.rollback(sp);
      }
      if (exists(c, dayMs)) {
        return false; // made by someone else meanwhile
      }
      throw e;
    }
  }

  /** The days (UTC midnight, epoch ms) that have a partition, oldest first. */
  static List<Long> days(Connection c) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT child.relname FROM pg_inherits i"
             + " JOIN pg_class child ON child.oid = i.inhrelid WHERE i.inhparent = 'ledger'::regclass")) {
      while (rs.next()) {
        String n = rs.getString(1);
        if (n.startsWith(PREFIX) && n.length() == PREFIX.length() + 8) {
          try {
            out.add(java.time.LocalDate.parse(n.substring(PREFIX.length()), DateTimeFormatter.BASIC_ISO_DATE)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
          } catch (java.time.format.DateTimeParseException ignored) {
            // someone else's table
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Drops every partition whose whole day is before {@code cutoffMs}; returns how many. */
  static int dropBefore(Connection c, long cutoffMs) throws SQLException {
    int dropped = 0;
    for (long day : days(c)) {
      if (day + DAY_MS <= cutoffMs) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + name(day));
        }
        dropped++;
      }
    }
    return dropped;
  }
}
