package dev.fairway.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A kind of durable per-request record (a ledger row, a decision record) that the outbox writes
 * to the database in batches, off the request path. The request path appends encoded records to
 * the outbox's local journal; the writer hands each sink its records in order, inside one
 * transaction per batch shared by every sink, and commits them together.
 *
 * <p>Writes must be idempotent: after a crash or an outage the journal is replayed from its last
 * checkpoint, so a sink sees records it may already have committed and must skip them (by the
 * record's own unique id), never duplicate them.
 */
public interface BatchSink {

  /** The journal tag of this sink's records ({@code ledger}, {@code decision}); stable across versions. */
  String kind();

  /**
   * Writes {@code records} (as appended, oldest first) on {@code c}, which is inside the batch's
   * transaction: do not commit or roll back. Throwing fails the whole batch, which is retried.
   */
  void write(Connection c, Database.Dialect dialect, List<byte[]> records) throws SQLException;

  /**
   * Called on the writer thread once the transaction of this sink's latest {@link #write} has
   * committed, never after a rollback: what a write did is known for good only here, so count it
   * here (a batch an outage rolls back is written again, and would otherwise count twice).
   */
  default void committed() {}
}
