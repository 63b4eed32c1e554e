package dev.fairway.ledger;

import dev.fairway.storage.Database;
import dev.fairway.storage.StorageException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spend and the request log, read from the ledger. Spend over whole UTC days comes from the daily
 * rollups (the per-dimension ones, or the per-key ones for one key's usage), so it costs the same
 * at ten million rows as at ten; the partial days at either end of a range given to the
 * millisecond, and one key's spend by end user, read the rows (by time, or by key and time). Every total is exact: the sum of the rows' costs, as a decimal.
 *
 * <p>Blocking JDBC: call it off the event loops.
 */
public final class SpendReports {
  private static final long DAY = Partitions.DAY_MS;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  /** What spend is grouped by. */
  public enum GroupBy {
    KEY("key_id", "coalesce(key_id, '')"),
    TEAM("team", "coalesce(team, '')"),
    MODEL("model", "model"),
    PROVIDER("provider", "coalesce(provider, '')"),
    ENDPOINT("endpoint", "endpoint"),
    DAY("day_ms", "(started_ms / 86400000) * 86400000"),
    /** Only in the per-dimension rollups (end users are too many to cross with keys and models). */
    USER(null, "coalesce(end_user, '')");

    private final String rollupColumn;
    private final String rowExpression;

    GroupBy(String rollupColumn, String rowExpression) {
      this.rollupColumn = rollupColumn;
      this.rowExpression = rowExpression;
    }

    /** The name used in query strings ({@code key}, {@code model}...). */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One group's spend. {@code group} is null for rows without that dimension (no key, no provider). */
  public record SpendRow(String group, long requests, long failures, long inputTokens, long cachedInputTokens,
      long cacheWriteTokens, long outputTokens, long reasoningTokens, BigDecimal costUsd) {}

  /** Spend over {@code [fromMs, toMs)}, grouped; {@code totalCostUsd} is the exact sum of the rows' costs. */
  public record Spend(long fromMs, long toMs, GroupBy groupBy, List<SpendRow> rows, long requests,
      BigDecimal totalCostUsd) {}

  /**
   * Which requests to list: {@code [fromMs, toMs)}, optionally one key, one model (as accounted:
   * served, else requested), a status range, newest first, {@code limit} per page, after a cursor.
   */
  public record RequestFilter(long fromMs, long toMs, String keyId, String model, int statusMin, int statusMax,
      int limit, RequestCursor after) {
    public RequestFilter {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be positive");
      }
    }

    public static RequestFilter all(int limit) {
      return new RequestFilter(Long.MIN_VALUE, Long.MAX_VALUE, null, null, 0, 0, limit, null);
    }
  }

  /** A page of the request log; {@code next} is null on the last page. */
  public record Page(List<LedgerRow> rows, RequestCursor next) {}

  private final Database db;
  private final Costs costs;

  public SpendReports(Database db) {
    this.db = Objects.requireNonNull(db);
    this.costs = Costs.of(db.dialect());
  }

  /**
   * Spend over {@code [fromMs, toMs)} grouped by {@code by}, of one key only when {@code keyId} is
   * not null. Days are UTC.
   *
   * @throws StorageException when the database cannot be read
   */
  public Spend spend(long fromMs, long toMs, GroupBy by, String keyId) {
    if (toMs <= fromMs) {
      return new Spend(fromMs, toMs, by, List.of(), 0, BigDecimal.ZERO);
    }
    Map<String, Acc> groups = new LinkedHashMap<>();
    try (Connection c = db.connection()) {
      long wholeFrom = ceilDay(fromMs);
      long wholeTo = floorDay(toMs);
      if (wholeFrom >= wholeTo || (by.rollupColumn == null && keyId != null)) {
        fromRows(c, by, fromMs, toMs, keyId, groups);
      } else {
        fromRollups(c, by, wholeFrom, wholeTo, keyId, groups);
        if (fromMs < wholeFrom) {
          fromRows(c, by, fromMs, wholeFrom, keyId, groups);
        }
        if (wholeTo < toMs) {
          fromRows(c, by, wholeTo, toMs, keyId, groups);
        }
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read the ledger: " + e.getMessage(), e);
    }
    List<SpendRow> rows = new ArrayList<>();
    long requests = 0;
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<String, Acc> e : groups.entrySet()) {
      Acc a = e.getValue();
      BigDecimal cost = a.cost.stripTrailingZeros();
      rows.add(new SpendRow(label(by, e.getKey()), a.requests, a.failures, a.input, a.cachedInput, a.cacheWrite,
          a.output, a.reasoning, cost));
      requests += a.requests;
      total = total.add(a.cost);
    }
    Comparator<SpendRow> order = by == GroupBy.DAY
        ? Comparator.comparing(SpendRow::group)
        : Comparator.comparing(SpendRow::costUsd).reversed()
            .thenComparing(SpendRow::group, Comparator.nullsLast(Comparator.naturalOrder()));
    rows.sort(order);
    return new Spend(fromMs, toMs, by, List.copyOf(rows), requests, total.stripTrailingZeros());
  }

  private static final class Acc {
    long requests;
    long failures;
    long input;
    long cachedInput;
    long cacheWrite;
    long output;
    long reasoning;
    BigDecimal cost = BigDecimal.ZERO;
  }

  private void fromRollups(Connection c, GroupBy by, long from, long to, String keyId, Map<String, Acc> out)
      throws SQLException {
    if (keyId == null) {
      // One dimension at a time: the per-dimension rollups hold days x values rows. By day, any
      // dimension sums to the day's whole; endpoints are the fewest.
      String dim = by == GroupBy.DAY ? "endpoint" : by.wireName();
      String g = by == GroupBy.DAY ? "day_ms" : "value";
      String sql = "SELECT " + g + ", sum(requests), sum(failures), sum(input_tokens), sum(cached_input_tokens),"
          + " sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens), sum(" + costs.column() + ")"
          + " FROM ledger_daily_dim WHERE dim = '" + dim + "' AND day_ms >= ? AND day_ms < ? GROUP BY " + g;
      aggregate(c, sql, from, to, null, out);
      return;
    }
    String sql = "SELECT " + by.rollupColumn + ", sum(requests), sum(failures), sum(input_tokens),"
        + " sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens), sum(reasoning_tokens),"
        + " sum(" + costs.column() + ") FROM ledger_daily WHERE day_ms >= ? AND day_ms < ?"
        + (keyId != null ? " AND key_id = ?" : "") + " GROUP BY " + by.rollupColumn;
    aggregate(c, sql, from, to, keyId, out);
  }

  private void fromRows(Connection c, GroupBy by, long from, long to, String keyId, Map<String, Acc> out)
      throws SQLException {
    String sql = "SELECT " + by.rowExpression + ", count(*), sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END),"
        + " sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens), sum(output_tokens),"
        + " sum(reasoning_tokens), sum(" + costs.column() + ") FROM ledger WHERE started_ms >= ? AND started_ms < ?"
        + (keyId != null ? " AND key_id = ?" : "") + " GROUP BY 1";
    aggregate(c, sql, from, to, keyId, out);
  }

  private void aggregate(Connection c, String sql, long from, long to, String keyId, Map<String, Acc> out)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      if (keyId != null) {
        ps.setString(3, keyId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Acc a = out.computeIfAbsent(rs.getString(1), k -> new Acc());
          a.requests += rs.getLong(2);
          a.failures += rs.getLong(3);
          a.input += rs.getLong(4);
          a.cachedInput += rs.getLong(5);
          a.cacheWrite += rs.getLong(6);
          a.output += rs.getLong(7);
          a.reasoning += rs.getLong(8);
          a.cost = a.cost.add(costs.get(rs, 9));
        }
      }
    }
  }

  private static String label(GroupBy by, String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (by == GroupBy.DAY) {
      return DATE.format(Instant.ofEpochMilli(Long.parseLong(raw)));
    }
    return raw;
  }

  /**
   * A page of the request log, newest first.
   *
   * @throws StorageException when the database cannot be read
   */
  public Page requests(RequestFilter f) {
    StringBuilder sql = new StringBuilder("SELECT ").append(LedgerSql.columns(costs))
        .append(" FROM ledger WHERE started_ms >= ? AND started_ms < ?");
    List<Object> args = new ArrayList<>(List.of(f.fromMs(), f.toMs()));
    if (f.keyId() != null) {
      sql.append(" AND key_id = ?");
      args.add(f.keyId());
    }
    if (f.model() != null) {
      sql.append(" AND model = ?");
      args.add(f.model());
    }
    if (f.statusMin() > 0) {
      // (status >= 400) is the indexed expression (ledger_by_outcome); state it when the filter
      // lies on one side of it, so the page is an index range scan in time order.
      if (f.statusMin() >= 400 || f.statusMax() < 400) {
        sql.append(" AND (status >= 400) = ?");
        args.add(f.statusMin() >= 400);
      }
      sql.append(" AND status >= ? AND status <= ?");
      args.add(f.statusMin());
      args.add(f.statusMax());
    }
    if (f.after() != null) {
      sql.append(" AND (started_ms < ? OR (started_ms = ? AND request_id < ?))");
      args.add(f.after().startedMs());
      args.add(f.after().startedMs());
      args.add(f.after().requestId());
    }
    sql.append(" ORDER BY started_ms DESC, request_id DESC LIMIT ?");
    args.add(f.limit() + 1);
    List<LedgerRow> rows = new ArrayList<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(LedgerSql.read(rs, costs));
        }
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read the ledger: " + e.getMessage(), e);
    }
    RequestCursor next = null;
    if (rows.size() > f.limit()) {
      rows = rows.subList(0, f.limit());
      LedgerRow last = rows.getLast();
      next = new RequestCursor(last.startedMs(), last.requestId());
    }
    return new Page(List.copyOf(rows), next);
  }

  static long floorDay(long ms) {
    return Math.floorDiv(ms, DAY) * DAY;
  }

  static long ceilDay(long ms) {
    long f = floorDay(ms);
    return f == ms ? f : f + DAY;
  }
}
