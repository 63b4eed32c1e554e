package dev.fairway.transparency;

import dev.fairway.storage.BatchSink;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The outbox's {@code decision} sink: appends the journal's decision records to the log inside the
 * batch's transaction, skipping any it already holds (a replay after a crash appends nothing twice).
 */
final class DecisionSink implements BatchSink<PendingLeaf> {
  private final Clock clock;
  private final Function<byte[], byte[]> canonicalOf;

  /** @param canonicalOf the canonical bytes of a format 2 journal body; null refuses format 2 */
  DecisionSink(Clock clock, Function<byte[], byte[]> canonicalOf) {
    this.clock = clock;
    this.canonicalOf = canonicalOf;
  }

  @Override
  public String kind() {
    return "decision";
  }

  @Override
  public Class<PendingLeaf> type() {
    return PendingLeaf.class;
  }

  @Override
  public LogRecord decode(byte[] record) {
    return LogRecord.decode(record, canonicalOf);
  }

  @Override
  public void write(Batch batch, List<PendingLeaf> pending) throws SQLException {
    // A record appended by this process gets its canonical bytes here, in the batch, off the event loop.
    List<LogRecord> records = new ArrayList<>(pending.size());
    for (PendingLeaf p : pending) {
      records.add(p.toLogRecord());
    }
    new LogStore(batch.dialect()).append(batch, records, clock.millis());
  }
}
