package dev.fairway.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/** The ledger table's columns, and a row's binding to and from them; shared by the sink and the reports. */
final class LedgerSql {
  private LedgerSql() {}

  private static final ObjectMapper TAGS = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TAG_MAP = new TypeReference<>() {};

  /** Every column, in binding order; the cost column's name depends on the dialect. */
  static String columns(Costs costs) {
    return "request_id, started_ms, finished_ms, key_id, team, end_user, protocol, endpoint, requested_model,"
        + " served_model, model, provider, deployment, attempts, status, error_kind, input_tokens, cached_input_tokens,"
        + " cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated, " + costs.column() + ", latency_ms,"
        + " ttft_ms, stream, cache_hit, decision_id, tags, prompt, completion";
  }

  static final int COLUMN_COUNT = 31;

  static String insert(Costs costs) {
    return "INSERT INTO ledger (" + columns(costs) + ") VALUES (" + "?, ".repeat(COLUMN_COUNT - 1) + "?)"
        + " ON CONFLICT (started_ms, request_id) DO NOTHING";
  }

  static void bind(PreparedStatement ps, LedgerRow r, Costs costs) throws SQLException {
    int i = 1;
    ps.setString(i++, r.requestId());
    ps.setLong(i++, r.startedMs());
    ps.setLong(i++, r.finishedMs());
    ps.setString(i++, r.keyId());
    ps.setString(i++, r.team());
    ps.setString(i++, r.endUser());
    ps.setString(i++, r.protocol());
    ps.setString(i++, r.endpoint());
    ps.setString(i++, r.requestedModel());
    ps.setString(i++, r.servedModel());
    ps.setString(i++, r.model());
    ps.setString(i++, r.provider());
    ps.setString(i++, r.deployment());
    ps.setInt(i++, r.attempts());
    ps.setInt(i++, r.status());
    ps.setString(i++, r.errorKind());
    ps.setLong(i++, r.inputTokens());
    ps.setLong(i++, r.cachedInputTokens());
    ps.setLong(i++, r.cacheWriteTokens());
    ps.setLong(i++, r.outputTokens());
    ps.setLong(i++, r.reasoningTokens());
    ps.setBoolean(i++, r.usageEstimated());
    costs.set(ps, i++, r.costUsd());
    ps.setLong(i++, r.latencyMs());
    if (r.ttftMs() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, r.ttftMs());
    }
    ps.setBoolean(i++, r.stream());
    ps.setBoolean(i++, r.cacheHit());
    ps.setString(i++, r.decisionId());
    ps.setString(i++, r.tags().isEmpty() ? null : tagsJson(r.tags()));
    ps.setString(i++, r.content() == null ? null : r.content().prompt());
    ps.setString(i, r.content() == null ? null : r.content().completion());
  }

  /** A row read back from a {@code SELECT} of {@link #columns} in that order. */
  static LedgerRow read(ResultSet rs, Costs costs) throws SQLException {
    long ttft = rs.getLong(25);
    Long ttftMs = rs.wasNull() ? null : ttft;
    String prompt = rs.getString(30);
    String completion = rs.getString(31);
    return new LedgerRow(
        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(12), rs.getString(13),
        rs.getInt(14), rs.getInt(15), rs.getString(16), rs.getLong(17), rs.getLong(18), rs.getLong(19),
        rs.getLong(20), rs.getLong(21), rs.getBoolean(22), costs.get(rs, 23).stripTrailingZeros(), rs.getLong(24),
        ttftMs, rs.getBoolean(26), rs.getBoolean(27), rs.getString(28), tags(rs.getString(29)),
        prompt == null && completion == null ? null : new LedgerRow.Content(prompt, completion));
  }

  static String tagsJson(Map<String, String> tags) {
    try {
      return TAGS.writeValueAsString(tags);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> tags(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return TAGS.readValue(json, TAG_MAP);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
