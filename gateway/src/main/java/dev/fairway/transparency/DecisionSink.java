package dev.fairway.transparency;

import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's {@code decision} sink: appends the journal's decision records to the log inside the
 * batch's transaction, skipping any it already holds (a replay after a crash appends nothing twice).
 */
final class DecisionSink implements BatchSink {
  private static final Logger log = LoggerFactory.getLogger(DecisionSink.class);

  private final Clock clock;

  DecisionSink(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "decision";
  }

  @Override
  public void write(Connection c, Database.Dialect dialect, List<byte[]> records) throws SQLException {
    List<LogRecord> decoded = new ArrayList<>(records.size());
    for (byte[] r : records) {
      try {
        decoded.add(LogRecord.decode(r));
      } catch (IllegalArgumentException e) {
        // Retrying cannot mend bytes the encoder never wrote; failing would wedge the outbox forever.
        log.error("skipping an undecodable decision record of {} bytes in the journal: {}",
            r == null ? 0 : r.length, e.getMessage());
      }
    }
    new LogStore(dialect).append(c, decoded, clock.millis());
  }
}
