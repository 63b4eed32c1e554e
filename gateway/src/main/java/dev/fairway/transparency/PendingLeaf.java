package dev.fairway.transparency;

/**
 * A decision record on its way into the log, as the request path hands it to the outbox: its
 * canonical bytes are made when the outbox writer takes it (in batches, off the event loop), not
 * when the request finishes.
 */
@FunctionalInterface
public interface PendingLeaf {
  /** The record with its canonical bytes. */
  LogRecord toLogRecord();
}
