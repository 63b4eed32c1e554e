package dev.fairway.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fairway.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's database: a connection pool and a schema migrated to the current version on
 * open. SQLite (an embedded file, WAL journal) by default, PostgreSQL when configured; each dialect
 * has its own versioned migrations under {@code db/sqlite} and {@code db/postgresql}, numbered
 * alike so both schemas move together. Nothing on the request path waits on it: writers batch off
 * the event loops, readers serve caches.
 */
public final class Database implements AutoCloseable {
  /** Which SQL the database speaks. */
  public enum Dialect { SQLITE, POSTGRESQL }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String description;

  private Database(HikariDataSource pool, Dialect dialect, String description) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
  }

  /**
   * Opens the database the configuration names, creating the SQLite file (and its directory) on
   * first use, and applies every pending migration.
   *
   * @throws StorageException when it cannot be reached or migrated
   */
  public static Database open(StorageConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("fairway-db");
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(1); // one try at start: a clear error now, not a hang
    Dialect dialect;
    String description;
    if (config.isPostgres()) {
      dialect = Dialect.POSTGRESQL;
      String url = config.url().startsWith("jdbc:") ? config.url() : "jdbc:" + config.url();
      hc.setJdbcUrl(url);
      if (config.user() != null) {
        hc.setUsername(config.user());
      }
      if (config.password() != null) {
        hc.setPassword(config.password().value());
      }
      // A statement the database cannot answer in time fails instead of holding a writer.
      hc.addDataSourceProperty("socketTimeout", "30");
      hc.addDataSourceProperty("connectTimeout", "5");
      hc.addDataSourceProperty("tcpKeepAlive", "true");
      description = "PostgreSQL " + config;
    } else {
      dialect = Dialect.SQLITE;
      try {
        Files.createDirectories(config.path());
      } catch (IOException e) {
        throw new StorageException("cannot create the storage directory " + config.path() + ": " + e.getMessage(), e);
      }
      hc.setJdbcUrl("jdbc:sqlite:" + config.sqliteFile().toAbsolutePath());
      // Pragmas sqlite-jdbc applies to every connection: readers never block the writer (WAL),
      // a busy writer is waited for rather than failed, and a commit survives a process kill.
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "NORMAL");
      hc.addDataSourceProperty("busy_timeout", "10000");
      hc.addDataSourceProperty("foreign_keys", "true");
      description = "SQLite " + config.sqliteFile();
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StorageException("cannot open " + description + ": " + rootMessage(e), e);
    }
    try {
      migrate(pool, dialect);
    } catch (RuntimeException e) {
      pool.close();
      throw new StorageException("cannot migrate " + description + ": " + rootMessage(e), e);
    }
    return new Database(pool, dialect, description);
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
        .table("fairway_schema_history")
        .baselineOnMigrate(false)
        .load()
        .migrate();
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** A pooled connection; the caller closes it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StorageException(e.getMessage(), e);
    }
  }

  /**
   * A connection kept for a background task that runs every second or so, its statements
   * prepared once (see {@link KeptConnection}), on a connection added to the pool for it; the
   * caller closes it before this database.
   */
  public synchronized KeptConnection keep() {
    // One more connection in the pool for it, so that a kept connection never starves the pool's
    // other users (a pool_size of 1 would otherwise leave them none).
    var mx = pool.getHikariConfigMXBean();
    mx.setMaximumPoolSize(mx.getMaximumPoolSize() + 1);
    return new KeptConnection(this);
  }

  /** A kept connection was given back: the pool shrinks to its size before {@link #keep}. */
  synchronized void unkept() {
    var mx = pool.getHikariConfigMXBean();
    mx.setMaximumPoolSize(Math.max(1, mx.getMaximumPoolSize() - 1));
  }

  /** Work on one connection that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
  }

}
