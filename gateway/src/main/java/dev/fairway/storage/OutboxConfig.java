package dev.fairway.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox journals, buffers and writes per-request records.
 *
 * @param dir directory of the journal's segments and checkpoint ({@code <storage.path>/outbox})
 * @param queueRecords records held in memory for the writer at most; beyond, they wait in the journal only
 * @param queueBytes payload bytes held in memory at most (whichever bound is reached first)
 * @param batchRecords records written in one transaction at most
 * @param batchBytes payload bytes written in one transaction at most
 * @param flush how long the writer waits for a batch to fill after its first record (0: write what
 *     is there at once)
 * @param segmentBytes size at which the journal starts a new segment file
 * @param fsyncInterval how often the journal is forced to disk; {@link Duration#ZERO} leaves it to the
 *     kernel (a process kill loses nothing, a power loss may lose the last unsynced records)
 * @param retryInitial first pause after a failed batch; doubles up to {@code retryMax}
 * @param retryMax longest pause between retries while the database is unavailable
 * @param outageLogInterval how often an outage still in progress is logged again
 * @param closeTimeout how long {@code close} waits for the writer to drain before leaving the rest
 *     in the journal for the next start
 */
public record OutboxConfig(
    Path dir, int queueRecords, long queueBytes, int batchRecords, long batchBytes, Duration flush,
    long segmentBytes, Duration fsyncInterval, Duration retryInitial, Duration retryMax,
    Duration outageLogInterval, Duration closeTimeout) {

  /** Largest single record: a frame's length must fit its header and bound the reader's buffer. */
  public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

  public OutboxConfig {
    Objects.requireNonNull(dir, "dir");
    positive(queueRecords, "queueRecords");
    positive(queueBytes, "queueBytes");
    positive(batchRecords, "batchRecords");
    positive(batchBytes, "batchBytes");
    positive(segmentBytes, "segmentBytes");
    nonNegative(flush, "flush");
    nonNegative(fsyncInterval, "fsyncInterval");
    nonNegative(retryInitial, "retryInitial");
    nonNegative(retryMax, "retryMax");
    nonNegative(outageLogInterval, "outageLogInterval");
    nonNegative(closeTimeout, "closeTimeout");
  }

  /** The defaults, journaling under {@code dir}. */
  public static OutboxConfig defaults(Path dir) {
    return new OutboxConfig(dir, 8192, 16L << 20, 1000, 8L << 20, Duration.ofSeconds(1), 64L << 20,
        Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(10));
  }

  /** The outbox directory under the storage path ({@code fairway-data/outbox}). */
  public static Path under(Path storagePath) {
    return storagePath.resolve("outbox");
  }

  public OutboxConfig withQueue(int records, long bytes) {
    return new OutboxConfig(dir, records, bytes, batchRecords, batchBytes, flush, segmentBytes, fsyncInterval,
        retryInitial, retryMax, outageLogInterval, closeTimeout);
  }

  public OutboxConfig withBatch(int records, Duration flushAfter) {
    return new OutboxConfig(dir, queueRecords, queueBytes, records, batchBytes, flushAfter, segmentBytes,
        fsyncInterval, retryInitial, retryMax, outageLogInterval, closeTimeout);
  }

  public OutboxConfig withSegmentBytes(long bytes) {
    return new OutboxConfig(dir, queueRecords, queueBytes, batchRecords, batchBytes, flush, bytes, fsyncInterval,
        retryInitial, retryMax, outageLogInterval, closeTimeout);
  }

  public OutboxConfig withFsyncInterval(Duration d) {
    return new OutboxConfig(dir, queueRecords, queueBytes, batchRecords, batchBytes, flush, segmentBytes, d,
        retryInitial, retryMax, outageLogInterval, closeTimeout);
  }

  public OutboxConfig withRetry(Duration initial, Duration max) {
    return new OutboxConfig(dir, queueRecords, queueBytes, batchRecords, batchBytes, flush, segmentBytes,
        fsyncInterval, initial, max, outageLogInterval, closeTimeout);
  }

  public OutboxConfig withCloseTimeout(Duration d) {
    return new OutboxConfig(dir, queueRecords, queueBytes, batchRecords, batchBytes, flush, segmentBytes,
        fsyncInterval, retryInitial, retryMax, outageLogInterval, d);
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  private static void nonNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or more");
    }
  }
}
