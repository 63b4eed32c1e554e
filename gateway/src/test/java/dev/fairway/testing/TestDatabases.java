package dev.fairway.testing;

import dev.fairway.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Databases of a test's own: a SQLite directory in a temp folder, or a fresh PostgreSQL database
 * on the machine's server (127.0.0.1:5432, trust auth, as {@code ./run-tests} ensures), created
 * with a unique name and dropped on close, with a temp {@code storage.path} for the outbox journal. Tests run the same code against both.
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static final String PG_HOST = System.getenv().getOrDefault("FAIRWAY_TEST_PGHOST", "127.0.0.1");
  public static final int PG_PORT = Integer.parseInt(System.getenv().getOrDefault("FAIRWAY_TEST_PGPORT", "5432"));
  public static final String PG_USER = System.getenv().getOrDefault("FAIRWAY_TEST_PGUSER", "postgres");

  /** Which database a parameterised test runs against. */
  public enum Kind { SQLITE, POSTGRESQL }

  /** A database that lives until {@link #close}. */
  public interface Handle extends AutoCloseable {
    StorageConfig config();

    @Override
    void close();
  }

  /** {@code cfg} with a SQLite database of its own in a new temp directory (left for the OS to clean). */
  public static dev.fairway.config.GatewayConfig ownStorage(dev.fairway.config.GatewayConfig cfg) {
    try {
      return cfg.withStorage(StorageConfig.sqlite(Files.createTempDirectory("fairway-test-")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Handle open(Kind kind) {
    return kind == Kind.SQLITE ? sqlite() : postgres();
  }

  public static Handle sqlite() {
    Path dir;
    try {
      dir = Files.createTempDirectory("fairway-db-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StorageConfig cfg = StorageConfig.sqlite(dir);
    return new Handle() {
      @Override
      public StorageConfig config() {
        return cfg;
      }

      @Override
      public void close() {
        deleteTree(dir);
      }
    };
  }

  public static Handle postgres() {
    return postgres(PG_HOST, PG_PORT);
  }

  /** A fresh database on the server at {@code host:port}, dropped (with its sessions) on close. */
  public static Handle postgres(String host, int port) {
    String name = "fairway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    exec(admin, "CREATE DATABASE " + name);
    // A journal folder of its own too: the default (./fairway-data) would be shared by every test
    // on PostgreSQL, and a journal left by one would be replayed into the next one's database.
    Path journal;
    try {
      journal = Files.createTempDirectory("fairway-pg-journal-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StorageConfig cfg = new StorageConfig(journal, "jdbc:postgresql://" + host + ":" + port + "/" + name, PG_USER,
        null, StorageConfig.DEFAULT_POOL_SIZE);
    return new Handle() {
      @Override
      public StorageConfig config() {
        return cfg;
      }

      @Override
      public void close() {
        try {
          exec(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } finally {
          deleteTree(journal);
        }
      }
    };
  }

  private static void exec(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, PG_USER, "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + " (start it with scripts/services.sh up): "
          + e.getMessage(), e);
    }
  }

  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
