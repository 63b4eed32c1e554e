package dev.fairway.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One pooled connection kept by a background task that runs every second or so (the key cache's
 * change check, the spend flush), with its statements prepared once: borrowing a connection,
 * checking it is alive and preparing each statement again cost more than the statements
 * themselves, run that rarely (the code and the caches are cold every time). The pool grows by one
 * connection for it while it is open; between two calls it is never inside a transaction.
 *
 * <p>A failure closes the connection and its statements; the next call borrows a fresh one, so an
 * outage is survived as with the pool itself. Calls are serialised: it is meant for a few
 * background tasks, not for the request path.
 */
public final class KeptConnection implements AutoCloseable {
  private final Database db;
  private Connection connection;
  private Statements statements;
  private boolean closed;

  KeptConnection(Database db) {
    this.db = db;
  }

  /** Runs {@code work} in autocommit: for one statement, which needs no transaction around it. */
  public synchronized <T> T read(Work<T> work) {
    try {
      return work.run(open());
    } catch (SQLException | RuntimeException e) {
      discard();
      throw failure(e);
    }
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public synchronized <T> T inTransaction(Work<T> work) {
    Statements s;
    try {
      s = open();
      s.connection().setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      discard();
      throw failure(e);
    }
    try {
      T result = work.run(s);
      s.connection().commit();
      s.connection().setAutoCommit(true);
      return result;
    } catch (SQLException | RuntimeException e) {
      discard(); // closing rolls back what is not committed; the next call starts clean
      throw failure(e);
    }
  }

  private Statements open() throws SQLException {
    if (closed) {
      throw new StorageException("the database is closed", null);
    }
    if (statements == null) {
      connection = db.connection();
      statements = new Statements(connection, db.dialect());
    }
    return statements;
  }

  private void discard() {
    if (statements != null) {
      statements.close();
      statements = null;
    }
    if (connection != null) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException ignored) {
        // autocommit, or the connection is gone
      }
      try {
        connection.close();
      } catch (SQLException | RuntimeException ignored) {
        // gone already: the pool replaces it
      }
      connection = null;
    }
  }

  private static StorageException failure(Exception e) {
    return e instanceof StorageException s ? s : new StorageException(e.getMessage(), e);
  }

  /** Gives the connection back to the pool; later calls fail. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    discard();
    db.unkept();
  }

  /** Work on the kept connection: {@link BatchSink.Batch#prepare} hands out its cached statements. */
  @FunctionalInterface
  public interface Work<T> {
    T run(BatchSink.Batch statements) throws SQLException;
  }
}
