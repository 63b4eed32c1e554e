package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fairway.ledger.rows.inserted} and {@code .duplicate} count what the database kept: a batch
 * that an outage rolls back after the ledger's part of it ran, then written again, counts its rows
 * once. (The batch's other sink failing, or its commit, is where a crash of the database lands
 * half the time under traffic.)
 */
class LedgerSinkCountsTest {
  @TempDir
  Path temp;

  /** The other kind in the batch: fails its first {@code failures} writes as if the database went away. */
  private static final class FailingFirst implements BatchSink<byte[]> {
    private final AtomicInteger failures;

    FailingFirst(int failures) {
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public String kind() {
      return "decision";
    }

    @Override
    public Class<byte[]> type() {
      return byte[].class;
    }

    @Override
    public byte[] decode(byte[] record) {
      return record;
    }

    @Override
    public void write(Batch batch, List<byte[]> records) throws SQLTransientConnectionException {
      if (failures.getAndDecrement() > 0) {
        throw new SQLTransientConnectionException("pretend the connection was cut");
      }
    }
  }

  @Test
  void rowsOfABatchRolledBackAndWrittenAgainCountAsInsertedOnce() throws Exception {
    try (TestDatabases.Handle h = TestDatabases.sqlite(); Database db = Database.open(h.config())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      OutboxConfig config = OutboxConfig.defaults(temp).withRetry(Duration.ofMillis(1), Duration.ofMillis(10));
      List<LedgerRow> rows = LedgerFixture.rows(3, 1, 7);
      try (Outbox outbox = Outbox.open(config, db, List.of(new LedgerSink(registry), new FailingFirst(2)), registry)) {
        for (LedgerRow r : rows) {
          outbox.append(LedgerSink.KIND, LedgerCodec.encode(r));
        }
        outbox.append("decision", new byte[] {1});
        assertThat(outbox.flush(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(LedgerOutageTest.rolledUpRequests(db)).isEqualTo(rows.size());
      assertThat(registry.get("fairway.ledger.rows.inserted").counter().count()).isEqualTo(rows.size());
      assertThat(registry.get("fairway.ledger.rows.duplicate").counter().count()).isZero();
    }
  }
}
