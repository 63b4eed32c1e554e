package dev.fairway.routing;

import java.util.List;
import java.util.Locale;

/**
 * Why a router chose what it chose: every candidate with its predictions and whether it was kept
 * (and at which rank) or dropped (and why). {@link #header()} is the one-line form sent as
 * {@code x-fairway-route}; {@link #table()} the full form {@code ./fairway route --explain} prints.
 *
 * @param task the recognised task class, or null
 * @param note a remark on how the decision was made (e.g. embedding skipped), or null
 * @param policy the disclosed house policy in force, or null when there is none
 * @param policyChanged true when the policy made the choice differ from merit alone
 * @param sticky true when the conversation's earlier model was kept
 */
public record Explanation(String router, String objective, String task, double taskSimilarity, List<Row> rows,
    String note, String policy, boolean policyChanged, boolean sticky) {

  public Explanation {
    rows = List.copyOf(rows);
  }

  public Explanation(String router, String objective, String task, double taskSimilarity, List<Row> rows,
      String note) {
    this(router, objective, task, taskSimilarity, rows, note, null, false, false);
  }

  /**
   * One candidate.
   *
   * @param rank 1 for the choice, 2 for the runner-up...; 0 when dropped
   * @param qualitySource {@code data} (outcome data predicted it) or {@code prior} (configured)
   * @param ttftMs expected time to first token, NaN when unmeasured
   */
  public record Row(String model, int rank, String reason, double quality, String qualitySource, double costUsd,
      double ttftMs) {
    public boolean kept() {
      return rank > 0;
    }
  }

  public Row chosen() {
    return ranked(1);
  }

  public Row runnerUp() {
    return ranked(2);
  }

  private Row ranked(int r) {
    for (Row row : rows) {
      if (row.rank() == r) {
        return row;
      }
    }
    return null;
  }

  /** {@code router=auto; objective=...; task=code; chosen=m (q=0.81 cost=0.00012); runner_up=...} (ASCII). */
  public String header() {
    StringBuilder sb = new StringBuilder(160);
    sb.append("router=").append(router).append("; objective=").append(objective);
    if (task != null) {
      sb.append("; task=").append(task);
    }
    Row c = chosen();
    if (c != null) {
      sb.append("; chosen=").append(c.model()).append(' ').append(brief(c));
    }
    Row r = runnerUp();
    if (r != null) {
      sb.append("; runner_up=").append(r.model()).append(' ').append(brief(r));
    }
    if (sticky) {
      sb.append("; sticky=true");
    }
    if (policy != null) {
      sb.append("; policy=").append(policy).append("; policy_changed=").append(policyChanged);
    }
    return sb.toString();
  }

  private static String brief(Row r) {
    return String.format(Locale.ROOT, "(q=%.3f %s cost=%s)", r.quality(), r.qualitySource(), usd(r.costUsd()));
  }

  static String usd(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** A fixed-width table, choice first, dropped candidates last. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("router: ").append(router).append("   objective: ").append(objective);
    if (task != null) {
      sb.append(String.format(Locale.ROOT, "   task: %s (similarity %.2f)", task, taskSimilarity));
    }
    sb.append('\n');
    if (note != null) {
      sb.append("note: ").append(note).append('\n');
    }
    if (policy != null) {
      sb.append("house policy: ").append(policy).append(policyChanged ? " (changed this choice)" : " (no change)")
          .append('\n');
    }
    if (sticky) {
      sb.append("sticky: this conversation's model was kept\n");
    }
    int w = Math.max(5, rows.stream().mapToInt(x -> x.model().length()).max().orElse(5));
    sb.append(String.format(Locale.ROOT, "%-4s  %-" + w + "s  %7s  %-6s  %12s  %9s  %s%n", "rank", "model", "quality",
        "from", "cost (USD)", "TTFT (ms)", "why"));
    rows.stream().filter(Row::kept).sorted(java.util.Comparator.comparingInt(Row::rank))
        .forEach(x -> sb.append(line(x, w)));
    rows.stream().filter(x -> !x.kept()).forEach(x -> sb.append(line(x, w)));
    return sb.toString();
  }

  private static String line(Row x, int w) {
    String ttft = Double.isNaN(x.ttftMs()) ? "-" : String.format(Locale.ROOT, "%.0f", x.ttftMs());
    String q = Double.isNaN(x.quality()) ? "-" : String.format(Locale.ROOT, "%.3f", x.quality());
    String cost = Double.isNaN(x.costUsd()) ? "-" : usd(x.costUsd());
    return String.format(Locale.ROOT, "%-4s  %-" + w + "s  %7s  %-6s  %12s  %9s  %s%n", x.kept() ? x.rank() : "-",
        x.model(), q, x.qualitySource() == null ? "" : x.qualitySource(), cost, ttft, x.reason());
  }
}
