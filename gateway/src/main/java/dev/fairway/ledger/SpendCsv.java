package dev.fairway.ledger;

import java.nio.charset.StandardCharsets;

/** Spend as RFC 4180 CSV: a header line, then one line per group; no total line, so columns sum cleanly. */
final class SpendCsv {
  private SpendCsv() {}

  static final String HEADER = "group,requests,failures,input_tokens,cached_input_tokens,cache_write_tokens,"
      + "output_tokens,reasoning_tokens,cost_usd";

  static byte[] of(SpendReports.Spend s) {
    StringBuilder b = new StringBuilder(HEADER).append("\r\n");
    for (SpendReports.SpendRow r : s.rows()) {
      b.append(field(r.group())).append(',').append(r.requests()).append(',').append(r.failures()).append(',')
          .append(r.inputTokens()).append(',').append(r.cachedInputTokens()).append(',').append(r.cacheWriteTokens())
          .append(',').append(r.outputTokens()).append(',').append(r.reasoningTokens()).append(',')
          .append(Costs.format(r.costUsd())).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
  static String field(String v) {
    if (v == null) {
      return "";
    }
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    // A leading =, +, - or @ would make a spreadsheet evaluate the cell: prefix a quote mark (OWASP).
    String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }
}
