package dev.fairway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind of durable per-request record (a ledger row, a decision record) that the outbox writes
 * to the database in batches, off the request path. The request path appends encoded records to
 * the outbox's local journal (and hands the writer the record itself, so a live record is never
 * decoded); the writer hands each sink its records in order, inside one transaction per batch
 * shared by every sink, and commits them together.
 *
 * <p>Writes must be idempotent: after a crash or an outage the journal is replayed from its last
 * checkpoint, so a sink sees records it may already have committed and must skip them (by the
 * record's own unique id), never duplicate them.
 *
 * @param <T> a record as the sink writes it: what {@link #decode} makes of its journal bytes
 */
public interface BatchSink<T> {

  /** The journal tag of this sink's records ({@code ledger}, {@code decision}); stable across versions. */
  String kind();

  /** The class of the records it writes: a value appended with a record must be one. */
  Class<T> type();

  /**
   * The record that journal bytes {@code record} encode: used for records read back from the
   * journal (a replay, or a backlog the memory queue could not hold).
   *
   * @throws IllegalArgumentException when they are not one (the writer sets them aside in
   *     {@code rejected.frames} rather than retry bytes no retry can mend)
   */
  T decode(byte[] record);

  /**
   * Writes {@code records} (as appended, oldest first) in {@code batch}'s transaction: do not
   * commit or roll back. Throwing fails the whole batch, which is retried.
   */
  void write(Batch batch, List<T> records) throws SQLException;

  /**
   * Called on the writer thread once the transaction of this sink's latest {@link #write} has
   * committed, never after a rollback: what a write did is known for good only here, so count it
   * here (a batch an outage rolls back is written again, and would otherwise count twice).
   */
  default void committed() {}

  /** One batch's transaction, as the writer hands it to each sink. */
  interface Batch {
    /** The connection, inside the batch's transaction. */
    Connection connection();

    Database.Dialect dialect();

    /**
     * {@code sql} prepared on this connection, its parameters and batch cleared: prepared once and
     * reused batch after batch while the writer keeps its connection (SQLite re-parses a statement
     * on every prepare; that cost every batch). Owned by the writer: do not close it.
     */
    PreparedStatement prepare(String sql) throws SQLException;

    /**
     * True when no record of this batch can be in the database yet: this process appended every one
     * of them (none was read back from the journal) and this is the batch's first try. A sink that
     * looks up which records it already holds before writing (to skip a replay) may skip the lookup
     * then; its unique keys still refuse a duplicate, which fails the try, and the retry looks.
     */
    default boolean firstWrite() {
      return false;
    }
  }

  /**
   * Writes journal bytes {@code records} through {@code sink} on {@code c}'s open transaction, as
   * the writer does with records read back from the journal; for tools, tests and benchmarks.
   *
   * @throws IllegalArgumentException when a record does not decode
   */
  static <T> void writeEncoded(BatchSink<T> sink, Connection c, Database.Dialect dialect, List<byte[]> records)
      throws SQLException {
    List<T> decoded = new ArrayList<>(records.size());
    for (byte[] r : records) {
      decoded.add(sink.decode(r));
    }
    try (Statements s = new Statements(c, dialect)) {
      sink.write(s, decoded);
    }
  }
}
