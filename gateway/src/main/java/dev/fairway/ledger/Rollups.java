package dev.fairway.ledger;

import java.math.BigDecimal;
import dev.fairway.storage.BatchSink;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily rollups a batch adds: the inserted rows summed in memory per (day, key, team, model,
 * provider, endpoint) for {@code ledger_daily}, and per (day, one dimension) for
 * {@code ledger_daily_dim}; then one upsert per group adds them to what the day already holds.
 */
final class Rollups {
  /** The dimensions {@code ledger_daily_dim} sums by, as stored in its {@code dim} column. */
  static final List<String> DIMS = List.of("key", "team", "model", "provider", "endpoint", "user");

  /** A {@code ledger_daily} group; absent dimensions are {@code ""}. */
  record Key(long dayMs, String keyId, String team, String model, String provider, String endpoint) {
    static Key of(LedgerRow r) {
      return new Key(r.dayMs(), orEmpty(r.keyId()), orEmpty(r.team()), r.model(), orEmpty(r.provider()),
          r.endpoint());
    }
  }

  /** A {@code ledger_daily_dim} group. */
  record DimKey(long dayMs, String dim, String value) {}

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

  /** The upserts, per cost column (built once: the writer's statement cache is keyed by the SQL). */
  private static final Map<Costs, String> DAILY = new EnumMap<>(Costs.class);
  private static final Map<Costs, String> DIM = new EnumMap<>(Costs.class);

  static {
    for (Costs c : Costs.values()) {
      DAILY.put(c, upsert("ledger_daily", "day_ms, key_id, team, model, provider, endpoint", c));
      DIM.put(c, upsert("ledger_daily_dim", "dim, day_ms, value", c));
    }
  }

  private final Map<Key, Sums> groups = new LinkedHashMap<>();
  private final Map<DimKey, Sums> dims = new LinkedHashMap<>();

  void add(LedgerRow r) {
    Key k = Key.of(r);
    groups.computeIfAbsent(k, x -> new Sums()).add(r);
    long d = k.dayMs();
    dims.computeIfAbsent(new DimKey(d, "key", k.keyId()), x -> new Sums()).add(r);
    dims.computeIfAbsent(new DimKey(d, "team", k.team()), x -> new Sums()).add(r);
    dims.computeIfAbsent(new DimKey(d, "model", k.model()), x -> new Sums()).add(r);
    dims.computeIfAbsent(new DimKey(d, "provider", k.provider()), x -> new Sums()).add(r);
    dims.computeIfAbsent(new DimKey(d, "endpoint", k.endpoint()), x -> new Sums()).add(r);
    dims.computeIfAbsent(new DimKey(d, "user", orEmpty(r.endUser())), x -> new Sums()).add(r);
  }

  /** Adds every group to the rollup tables, in {@code batch}'s transaction. */
  void upsert(BatchSink.Batch batch, Costs costs) throws SQLException {
    if (groups.isEmpty()) {
      return;
    }
    PreparedStatement daily = batch.prepare(DAILY.get(costs));
    for (Map.Entry<Key, Sums> e : groups.entrySet()) {
      Key k = e.getKey();
      daily.setLong(1, k.dayMs());
      daily.setString(2, k.keyId());
      daily.setString(3, k.team());
      daily.setString(4, k.model());
      daily.setString(5, k.provider());
      daily.setString(6, k.endpoint());
      bindSums(daily, 7, e.getValue(), costs);
      daily.addBatch();
    }
    daily.executeBatch();
    PreparedStatement dim = batch.prepare(DIM.get(costs));
    for (Map.Entry<DimKey, Sums> e : dims.entrySet()) {
      DimKey k = e.getKey();
      dim.setString(1, k.dim());
      dim.setLong(2, k.dayMs());
      dim.setString(3, k.value());
      bindSums(dim, 4, e.getValue(), costs);
      dim.addBatch();
    }
    dim.executeBatch();
  }

  private static String upsert(String table, String keyColumns, Costs costs) {
    int keys = keyColumns.split(",").length;
    String cost = costs.column();
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(keyColumns)
        .append(", requests, failures, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,"
            + " reasoning_tokens, ").append(cost).append(") VALUES (").append("?, ".repeat(keys + 7)).append("?)")
        .append(" ON CONFLICT (").append(keyColumns).append(") DO UPDATE SET ");
    String[] sums = {"requests", "failures", "input_tokens", "cached_input_tokens", "cache_write_tokens",
        "output_tokens", "reasoning_tokens", cost};
    for (int i = 0; i < sums.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(sums[i]).append(" = ").append(table).append('.').append(sums[i])
          .append(" + excluded.").append(sums[i]);
    }
    return sql.toString();
  }

  private static void bindSums(PreparedStatement ps, int i, Sums s, Costs costs) throws SQLException {
    ps.setLong(i, s.requests);
    ps.setLong(i + 1, s.failures);
    ps.setLong(i + 2, s.input);
    ps.setLong(i + 3, s.cachedInput);
    ps.setLong(i + 4, s.cacheWrite);
    ps.setLong(i + 5, s.output);
    ps.setLong(i + 6, s.reasoning);
    costs.set(ps, i + 7, s.cost);
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
