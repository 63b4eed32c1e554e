package dev.fairway.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;

/**
 * The outbox's meters ({@code fairway.outbox.*}): memory queue and journal backlog, batch write
 * latency and size, rows written and failed per kind, records read back from the journal, and
 * database outages. Registered once; recording is an increment.
 */
final class OutboxMetrics {
  final Counter spilled;
  final Counter replayed;
  final Counter batchFailures;
  final Counter outages;
  final Counter appendErrors;
  final Timer writeLatency;
  final DistributionSummary batchSize;
  private final Map<String, Counter> written = new HashMap<>();
  private final Map<String, Counter> failed = new HashMap<>();
  private final Counter failedUnknownKind;

  OutboxMetrics(MeterRegistry r, Iterable<String> kinds, Outbox outbox) {
    io.micrometer.core.instrument.Gauge.builder("fairway.outbox.queue.depth", outbox, o -> o.stats().queued())
        .description("records held in memory for the writer").register(r);
    io.micrometer.core.instrument.Gauge.builder("fairway.outbox.queue.bytes", outbox, o -> o.stats().queuedBytes())
        .description("payload bytes held in memory for the writer").baseUnit("bytes").register(r);
    io.micrometer.core.instrument.Gauge.builder("fairway.outbox.spool.records", outbox, o -> o.stats().spoolRecords())
        .description("records in the journal not yet committed to the database").register(r);
    io.micrometer.core.instrument.Gauge.builder("fairway.outbox.spool.bytes", outbox, o -> o.stats().spoolBytes())
        .description("journal bytes not yet committed to the database").baseUnit("bytes").register(r);
    io.micrometer.core.instrument.Gauge.builder("fairway.outbox.database.available", outbox,
            o -> o.stats().databaseAvailable() ? 1 : 0)
        .description("1 while the writer reaches the database, 0 during an outage").register(r);
    spilled = Counter.builder("fairway.outbox.spilled")
        .description("records that found the memory queue full and wait in the journal only").register(r);
    replayed = Counter.builder("fairway.outbox.replayed")
        .description("records the writer read back from the journal (after a restart or a full queue)").register(r);
    batchFailures = Counter.builder("fairway.outbox.batches.failed").description("batch transactions that failed")
        .register(r);
    outages = Counter.builder("fairway.outbox.outages").description("times the database became unavailable")
        .register(r);
    appendErrors = Counter.builder("fairway.outbox.append.errors")
        .description("records the journal could not write (kept in memory only, if room)").register(r);
    writeLatency = Timer.builder("fairway.outbox.write.latency").description("one batch transaction, commit included")
        .register(r);
    batchSize = DistributionSummary.builder("fairway.outbox.batch.size").description("records per batch").register(r);
    for (String k : kinds) {
      written.put(k, Counter.builder("fairway.outbox.rows.written").tag("kind", k)
          .description("records committed to the database").register(r));
      failed.put(k, Counter.builder("fairway.outbox.rows.failed").tag("kind", k)
          .description("records the database rejected (kept in rejected.journal) or that could not be kept")
          .register(r));
    }
    failedUnknownKind = Counter.builder("fairway.outbox.rows.failed").tag("kind", "unknown").register(r);
  }

  Counter written(String kind) {
    return written.getOrDefault(kind, failedUnknownKind);
  }

  Counter failed(String kind) {
    return failed.getOrDefault(kind, failedUnknownKind);
  }
}
