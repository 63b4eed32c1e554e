package dev.fairway.storage;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a database that is away (down, restarting, busy, out of disk) from a statement that will
 * never succeed (a constraint, a bad value): the first is waited out, the second isolated.
 */
final class SqlFailures {
  private SqlFailures() {}

  /** True when retrying the same work later may succeed. */
  static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLTransientException || c instanceof SQLRecoverableException
          || c instanceof SQLNonTransientConnectionException || c instanceof IOException) {
        return true;
      }
      if (c instanceof SQLiteException s && sqliteTransient(s.getResultCode())) {
        return true;
      }
      if (c instanceof SQLException s && s.getSQLState() != null && postgresTransient(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** PostgreSQL's classes: connection (08), resources (53), operator intervention (57), rollback (40), lock (55P03). */
  private static boolean postgresTransient(String state) {
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
        || state.startsWith("40") || state.equals("55P03");
  }

  private static boolean sqliteTransient(SQLiteErrorCode code) {
    if (code == null) {
      return false;
    }
    int primary = code.code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
        || primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_FULL.code
        || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code
        || primary == SQLiteErrorCode.SQLITE_NOMEM.code || primary == SQLiteErrorCode.SQLITE_READONLY.code;
  }

  /** The innermost message, for a log line (database messages carry no passwords). */
  static String message(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }
}
