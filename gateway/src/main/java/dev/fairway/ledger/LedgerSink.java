package dev.fairway.ledger;

import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes the outbox's ledger records: each row inserted once (a replayed row, same start time and
 * request id, is skipped by {@code ON CONFLICT DO NOTHING}), and the daily rollups of the rows
 * actually inserted added in the same transaction, so a replay never counts twice. On PostgreSQL
 * it first makes the daily partitions the batch's rows fall in, if they are missing.
 *
 * <p>Which rows were inserted comes from the batch's update counts (1 inserted, 0 skipped), which
 * both drivers report per statement; that spares a {@code RETURNING} round trip per row.
 */
public final class LedgerSink implements BatchSink<LedgerRow> {
  /** The journal tag of ledger records. */
  public static final String KIND = "ledger";

  private final Counter inserted;
  private final Counter duplicates;
  private final Counter partitionsCreated;
  // What the latest write did, counted once its transaction commits; the writer thread's only.
  private int pendingInserted;
  private int pendingDuplicates;
  private int pendingPartitions;

  public LedgerSink(MeterRegistry registry) {
    inserted = Counter.builder("fairway.ledger.rows.inserted").description("ledger rows written").register(registry);
    duplicates = Counter.builder("fairway.ledger.rows.duplicate")
        .description("replayed ledger rows the database already had (skipped)").register(registry);
    partitionsCreated = Counter.builder("fairway.ledger.partitions.created")
        .description("daily ledger partitions made (PostgreSQL)").register(registry);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Class<LedgerRow> type() {
    return LedgerRow.class;
  }

  /** The journal bytes of {@code row}, as {@link Ledger#record} appends them (for tools and benchmarks). */
  public static byte[] encode(LedgerRow row) {
    return LedgerCodec.encode(row);
  }

  @Override
  public LedgerRow decode(byte[] record) {
    return LedgerCodec.decode(record);
  }

  @Override
  public void write(Batch batch, List<LedgerRow> rows) throws SQLException {
    Connection c = batch.connection();
    Database.Dialect dialect = batch.dialect();
    Costs costs = Costs.of(dialect);
    int partitions = 0;
    if (dialect == Database.Dialect.POSTGRESQL) {
      TreeSet<Long> days = new TreeSet<>();
      for (LedgerRow r : rows) {
        days.add(r.dayMs());
      }
      for (long d : days) {
        if (Partitions.ensure(c, d)) {
          partitions++;
        }
      }
    }
    PreparedStatement ps = batch.prepare(LedgerSql.insert(costs));
    for (LedgerRow r : rows) {
      LedgerSql.bind(ps, r, costs);
      ps.addBatch();
    }
    int[] counts = ps.executeBatch();
    Rollups rollups = new Rollups();
    int added = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == Statement.SUCCESS_NO_INFO) {
        // A driver that batches without per-row counts would make replays double-count: refuse.
        throw new SQLException("the driver does not report per-row insert counts (reWriteBatchedInserts?)");
      }
      if (counts[i] > 0) {
        rollups.add(rows.get(i));
        added++;
      }
    }
    rollups.upsert(batch, costs);
    pendingInserted = added;
    pendingDuplicates = rows.size() - added;
    pendingPartitions = partitions;
  }

  /** Counts what the write just committed did (a write rolled back is overwritten by its retry's). */
  @Override
  public void committed() {
    inserted.increment(pendingInserted);
    duplicates.increment(pendingDuplicates);
    partitionsCreated.increment(pendingPartitions);
    pendingInserted = 0;
    pendingDuplicates = 0;
    pendingPartitions = 0;
  }
}
