package dev.fairway.config;

import dev.fairway.catalog.Secret;
import java.nio.file.Path;

/** Validates the {@code storage:} section into a {@link StorageConfig}. */
final class StorageSection {
  private StorageSection() {}

  static final int MAX_POOL_SIZE = 64;

  static StorageConfig read(YamlSource src, RawConfig.Storage s) {
    if (s == null) {
      return StorageConfig.defaults();
    }
    String url = emptyAsNull(ValueChecks.clean(src, "/storage/url", s.url()));
    if (url != null && !(url.startsWith("jdbc:postgresql://") || url.startsWith("postgresql://")
        || url.startsWith("postgres://"))) {
      throw src.error("/storage/url", "expected a PostgreSQL URL (jdbc:postgresql://host:5432/db or"
          + " postgresql://host/db); leave it out for the embedded SQLite file");
    }
    String user = emptyAsNull(ValueChecks.clean(src, "/storage/user", s.user()));
    String password = emptyAsNull(ValueChecks.clean(src, "/storage/password", s.password()));
    if (url == null && (user != null || password != null)) {
      throw src.error(user != null ? "/storage/user" : "/storage/password", "user and password are for a PostgreSQL url");
    }
    int pool = s.poolSize() == null ? StorageConfig.DEFAULT_POOL_SIZE : s.poolSize();
    if (pool < 1 || pool > MAX_POOL_SIZE) {
      throw src.error("/storage/pool_size", "must be between 1 and " + MAX_POOL_SIZE + ", got " + pool);
    }
    Path path = s.path() == null ? StorageConfig.DEFAULT_PATH
        : Path.of(ValueChecks.clean(src, "/storage/path", s.path()));
    return new StorageConfig(path, url, user, password == null ? null : new Secret(password), pool);
  }

  /** {@code ${VAR:-}} with VAR unset gives an empty string: the same as leaving the field out. */
  private static String emptyAsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
