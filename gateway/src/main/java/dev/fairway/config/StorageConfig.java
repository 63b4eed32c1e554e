package dev.fairway.config;

import dev.fairway.catalog.Secret;
import java.nio.file.Path;

/**
 * Where the gateway keeps durable state (keys, teams, the admin audit, the usage ledger, the
 * transparency log): an embedded SQLite file under {@code path} by default, or the PostgreSQL
 * database {@code url} names.
 *
 * @param path directory for the SQLite file and local spool files (created on first start)
 * @param url a {@code jdbc:postgresql://} or {@code postgresql://} URL, or null for SQLite
 * @param user database user for PostgreSQL, or null (then the URL's, or the driver's default)
 * @param password database password for PostgreSQL, or null
 * @param poolSize connections kept open; SQLite serialises writers whatever the size
 */
public record StorageConfig(Path path, String url, String user, Secret password, int poolSize) {
  public static final Path DEFAULT_PATH = Path.of("fairway-data");
  public static final int DEFAULT_POOL_SIZE = 4;

  public StorageConfig {
    path = path == null ? DEFAULT_PATH : path;
    poolSize = poolSize <= 0 ? DEFAULT_POOL_SIZE : poolSize;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(DEFAULT_PATH, null, null, null, DEFAULT_POOL_SIZE);
  }

  /** SQLite in {@code dir} (tests, the demo). */
  public static StorageConfig sqlite(Path dir) {
    return new StorageConfig(dir, null, null, null, DEFAULT_POOL_SIZE);
  }

  /** PostgreSQL at {@code url}. */
  public static StorageConfig postgres(String url, String user, Secret password) {
    return new StorageConfig(DEFAULT_PATH, url, user, password, DEFAULT_POOL_SIZE);
  }

  public boolean isPostgres() {
    return url != null;
  }

  /** The SQLite database file. */
  public Path sqliteFile() {
    return path.resolve("fairway.db");
  }

  @Override
  public String toString() {
    return "StorageConfig[" + (isPostgres() ? redacted(url) : sqliteFile().toString()) + "]";
  }

  /** The URL without any password it may carry ({@code user:pass@host} or {@code password=...}). */
  static String redacted(String url) {
    return url.replaceAll("(//[^/@:]+):[^/@]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
