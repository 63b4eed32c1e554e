package dev.fairway.config;

import java.time.Duration;

/**
 * The {@code ledger:} section: how per-request usage records are kept.
 *
 * @param enabled record every request (off: no row is built or journaled; the spend API reads
 *     only what was recorded before)
 * @param storeContent keep prompts and answers with each record (off: usage, cost and ids only)
 * @param retentionDays records older than this are deleted (0: kept forever)
 * @param queueCapacity records waiting to be written, at most; beyond it they go to the spool
 * @param batchSize records written per transaction, at most
 * @param flushInterval a partial batch is written after this long
 * @param fsyncInterval the spool file is forced to disk at least this often
 */
public record LedgerConfig(boolean enabled, boolean storeContent, int retentionDays, int queueCapacity, int batchSize,
    Duration flushInterval, Duration fsyncInterval) {

  public static LedgerConfig defaults() {
    return new LedgerConfig(true, false, 90, 8_192, 1_000, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }
}
