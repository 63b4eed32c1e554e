package dev.fairway.config;

import java.time.Duration;

/** Validates the {@code ledger:} section into a {@link LedgerConfig}; what it leaves out keeps the defaults. */
final class LedgerSection {
  private LedgerSection() {}

  static LedgerConfig read(YamlSource src, RawConfig.Ledger l) {
    LedgerConfig d = LedgerConfig.defaults();
    if (l == null) {
      return d;
    }
    int retention = l.retentionDays() == null ? d.retentionDays() : l.retentionDays();
    if (retention < 0) {
      throw src.error("/ledger/retention_days", "must be 0 (keep forever) or positive, got " + retention);
    }
    int queue = l.queueCapacity() == null ? d.queueCapacity() : l.queueCapacity();
    if (queue < 1) {
      throw src.error("/ledger/queue_capacity", "must be positive, got " + queue);
    }
    int batch = l.batchSize() == null ? d.batchSize() : l.batchSize();
    if (batch < 1 || batch > queue) {
      throw src.error("/ledger/batch_size", "must be between 1 and queue_capacity (" + queue + "), got " + batch);
    }
    Duration flush = l.flushIntervalMs() == null ? d.flushInterval()
        : ServerSection.positive(src, "/ledger/flush_interval_ms", l.flushIntervalMs());
    Duration fsync = l.fsyncIntervalMs() == null ? d.fsyncInterval()
        : ServerSection.positive(src, "/ledger/fsync_interval_ms", l.fsyncIntervalMs());
    return new LedgerConfig(l.enabled() == null || l.enabled(), Boolean.TRUE.equals(l.storeContent()), retention, queue, batch, flush, fsync);
  }
}
