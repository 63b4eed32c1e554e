package dev.fairway.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daily rollups a batch adds: the inserted rows summed per (day, key, team, model, provider,
 * endpoint) in memory, then one upsert per group that adds to what the day already holds.
 */
final class Rollups {
  /** A rollup's identity; absent dimensions are {@code ""}. */
  record Key(long dayMs, String keyId, String team, String model, String provider, String endpoint) {
    static Key of(LedgerRow r) {
      return new Key(r.dayMs(), orEmpty(r.keyId()), orEmpty(r.team()), r.model(), orEmpty(r.provider()),
          r.endpoint());
    }
  }

  /** What a group of rows adds. */
  static final class Sums {
    long requests;
    long failures;
    long input;
    long cachedInput;
    long cacheWrite;
    long output;
    long reasoning;
    BigDecimal cost = BigDecimal.ZERO;

    void add(LedgerRow r) {
      requests++;
      failures += r.failed() ? 1 : 0;
      input += r.inputTokens();
      cachedInput += r.cachedInputTokens();
      cacheWrite += r.cacheWriteTokens();
      output += r.outputTokens();
      reasoning += r.reasoningTokens();
      cost = cost.add(r.costUsd());
    }
  }

  private final Map<Key, Sums> groups = new LinkedHashMap<>();

  void add(LedgerRow r) {
    groups.computeIfAbsent(Key.of(r), k -> new Sums()).add(r);
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  Collection<Key> keys() {
    return groups.keySet();
  }

  /** Adds every group to the rollup table on {@code c}. */
  void upsert(Connection c, Costs costs) throws SQLException {
    if (groups.isEmpty()) {
      return;
    }
    String cost = costs.column();
    String sql = "INSERT INTO ledger_daily (day_ms, key_id, team, model, provider, endpoint, requests, failures,"
        + " input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, " + cost + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (day_ms, key_id, team, model, provider, endpoint) DO UPDATE SET"
        + " requests = ledger_daily.requests + excluded.requests,"
        + " failures = ledger_daily.failures + excluded.failures,"
        + " input_tokens = ledger_daily.input_tokens + excluded.input_tokens,"
        + " cached_input_tokens = ledger_daily.cached_input_tokens + excluded.cached_input_tokens,"
        + " cache_write_tokens = ledger_daily.cache_write_tokens + excluded.cache_write_tokens,"
        + " output_tokens = ledger_daily.output_tokens + excluded.output_tokens,"
        + " reasoning_tokens = ledger_daily.reasoning_tokens + excluded.reasoning_tokens,"
        + " " + cost + " = ledger_daily." + cost + " + excluded." + cost;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Map.Entry<Key, Sums> e : groups.entrySet()) {
        Key k = e.getKey();
        Sums s = e.getValue();
        ps.setLong(1, k.dayMs());
        ps.setString(2, k.keyId());
        ps.setString(3, k.team());
        ps.setString(4, k.model());
        ps.setString(5, k.provider());
        ps.setString(6, k.endpoint());
        ps.setLong(7, s.requests);
        ps.setLong(8, s.failures);
        ps.setLong(9, s.input);
        ps.setLong(10, s.cachedInput);
        ps.setLong(11, s.cacheWrite);
        ps.setLong(12, s.output);
        ps.setLong(13, s.reasoning);
        costs.set(ps, 14, s.cost);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
