package dev.fairway.routing;

import java.util.Map;

/**
 * Live latency statistics as of one moment, per model: the expected time to first token of its
 * fastest available deployment (EWMA over recent calls). Routing reads a snapshot rather than the
 * live counters, so a decision is a pure function of its inputs and can be replayed.
 */
public record StatsSnapshot(Map<String, Double> ttftMs) {
  public static final StatsSnapshot EMPTY = new StatsSnapshot(Map.of());

  public StatsSnapshot {
    ttftMs = Map.copyOf(ttftMs);
  }

  /** The model's expected TTFT in milliseconds, or NaN when nothing was measured. */
  public double ttftMs(String model) {
    Double v = ttftMs.get(model);
    return v == null ? Double.NaN : v;
  }
}
