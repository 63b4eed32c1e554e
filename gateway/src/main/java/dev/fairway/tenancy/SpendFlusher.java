package dev.fairway.tenancy;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the counters' changed spend to the store, off the request path: on a schedule (so the
 * store is at most about one interval behind) and once more on close. A failed write is offered
 * again next time; the request path never notices.
 */
final class SpendFlusher {
  private static final Logger log = LoggerFactory.getLogger(SpendFlusher.class);

  private final Counters counters;
  private final TenancyStore store;
  private final Clock clock;

  SpendFlusher(Counters counters, TenancyStore store, Clock clock) {
    this.counters = counters;
    this.store = store;
    this.clock = clock;
  }

  /** Loads each scope's latest stored spend into the counters. */
  void restore() {
    counters.restore(store.loadSpend());
  }

  /** Writes what changed; returns how many records were written (0 on failure). */
  synchronized int flush() {
    List<SpendRecord> dirty = counters.takeDirtySpend();
    if (dirty.isEmpty()) {
      return 0;
    }
    try {
      store.addSpend(dirty, clock.millis());
      return dirty.size();
    } catch (RuntimeException e) {
      counters.putBack(dirty);
      log.warn("tenancy: could not write spend ({} records), will retry: {}", dirty.size(), e.getMessage());
      return 0;
    }
  }
}
