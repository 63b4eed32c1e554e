package dev.fairway.transparency;

import dev.fairway.storage.BatchSink;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The outbox's {@code decision} sink: appends the journal's decision records to the log inside the
 * batch's transaction, skipping any it already holds (a replay after a crash appends nothing twice).
 */
final class DecisionSink implements BatchSink<LogRecord> {
  private final Clock clock;

  DecisionSink(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "decision";
  }

  @Override
  public Class<LogRecord> type() {
    return LogRecord.class;
  }

  @Override
  public LogRecord decode(byte[] record) {
    return LogRecord.decode(record);
  }

  @Override
  public void write(Batch batch, List<LogRecord> records) throws SQLException {
    new LogStore(batch.dialect()).append(batch, records, clock.millis());
  }
}
