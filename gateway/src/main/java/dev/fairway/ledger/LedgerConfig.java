package dev.fairway.ledger;

import java.time.Duration;

/**
 * The ledger's settings ({@code ledger.*} in {@code fairway.yaml}).
 *
 * @param enabled record every request ({@code ledger.enabled}, default true)
 * @param storeContent keep the prompt and answer text too ({@code ledger.store_content}, default false)
 * @param retentionDays days of rows kept before today, 0 for ever ({@code ledger.retention_days});
 *     PostgreSQL drops whole daily partitions, SQLite deletes rows in small batches; the daily
 *     rollups are kept whatever the retention
 * @param maxContentChars prompt and answer text are cut to this many characters each
 *     ({@code ledger.max_content_chars})
 * @param maintenanceEvery how often partitions are made ahead and retention applied
 */
public record LedgerConfig(boolean enabled, boolean storeContent, int retentionDays, int maxContentChars,
    Duration maintenanceEvery) {
  public static final int DEFAULT_RETENTION_DAYS = 90;
  public static final int DEFAULT_MAX_CONTENT_CHARS = 32 * 1024;

  public LedgerConfig {
    if (retentionDays < 0) {
      throw new IllegalArgumentException("ledger.retention_days must be 0 (keep for ever) or more");
    }
    if (maxContentChars < 0) {
      throw new IllegalArgumentException("ledger.max_content_chars must be 0 or more");
    }
    maintenanceEvery = maintenanceEvery == null ? Duration.ofHours(1) : maintenanceEvery;
  }

  public static LedgerConfig defaults() {
    return new LedgerConfig(true, false, DEFAULT_RETENTION_DAYS, DEFAULT_MAX_CONTENT_CHARS, Duration.ofHours(1));
  }

  public LedgerConfig withRetentionDays(int days) {
    return new LedgerConfig(enabled, storeContent, days, maxContentChars, maintenanceEvery);
  }

  public LedgerConfig withStoreContent(boolean on) {
    return new LedgerConfig(enabled, on, retentionDays, maxContentChars, maintenanceEvery);
  }
}
