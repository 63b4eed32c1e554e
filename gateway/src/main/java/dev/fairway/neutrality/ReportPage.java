package dev.fairway.neutrality;

import java.util.List;
import java.util.Locale;

/**
 * The neutrality report as one self-contained HTML page (inline style and SVG, no script, no
 * external asset) for a reader who has never seen Fairway: what was audited, the verdict in one
 * sentence, how it was checked, then the tables and a plot of each owner's share of choices
 * against its share of best merit. Every string from the log is escaped.
 */
public final class ReportPage {
  private ReportPage() {}

  public static String html(AuditReport.Result r) {
    Counterfactual.Result c = r.counterfactual();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Routing neutrality report</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:60rem;")
        .append("margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}\n")
        .append("table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;")
        .append("text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\n")
        .append(".verdict{padding:.8rem 1rem;border-left:.4rem solid;margin:1rem 0;font-size:1.1rem}\n")
        .append(".ok{border-color:#2e7d32;background:#edf7ee}.policy{border-color:#b26a00;background:#fff6e5}")
        .append(".bad{border-color:#c62828;background:#fdecea}.none{border-color:#777;background:#f3f3f3}\n")
        .append("dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\n")
        .append(".note{color:#555;font-size:.9rem}code{background:#f3f3f3;padding:0 .2rem}\n")
        .append("</style>\n</head>\n<body>\n");

    h.append("<h1>Routing neutrality report</h1>\n");
    h.append("<p>This gateway passes requests on to AI models from several companies. When a request asks for")
        .append(" <code>auto</code> (or another router), the gateway itself picks the model. Some of those models may")
        .append(" belong to whoever runs the gateway, so it matters whether the choice follows the models' measured")
        .append(" merit (predicted answer quality, predicted price, expected speed) or who owns them. The gateway")
        .append(" writes a record of every decision, with the numbers it decided on, into a signed, append-only log.")
        .append(" This report recomputes the decisions from that log.</p>\n");

    h.append("<div class=\"verdict ").append(cssClass(r.verdict())).append("\"><strong>")
        .append(esc(title(r.verdict()))).append("</strong> ").append(esc(r.verdictLine())).append("</div>\n");

    h.append("<h2>What was audited</h2>\n<dl>\n");
    AuditReport.Source s = r.source();
    if (s != null) {
      dd(h, "Source", s.description());
      if (s.origin() != null) {
        dd(h, "Log", s.origin());
      }
      dd(h, "Entries read", s.leaves() + (s.signedTreeSize() == null ? " (none covered by a signed checkpoint yet)"
          : " (the latest signed checkpoint covers " + s.signedTreeSize() + ")"));
      if (s.skippedLeaves() > 0) {
        dd(h, "Skipped", s.skippedLeaves() + " entries that are not decision records");
      }
      if (s.generatedAt() != null) {
        dd(h, "Report made", s.generatedAt());
      }
    }
    dd(h, "Period asked for", r.from() == null && r.to() == null ? "the whole log"
        : (r.from() == null ? "the beginning" : r.from()) + " to " + (r.to() == null ? "the end" : r.to()));
    if (r.firstRecord() != null) {
      dd(h, "Requests found", r.firstRecord() + " to " + r.lastRecord());
    }
    dd(h, "Decisions", r.records() + " requests: " + r.routed() + " routed by the gateway, " + c.explicit()
        + " named their model (the client chose), " + c.unrouted() + " failed before any choice");
    h.append("</dl>\n<p class=\"note\">The log itself (that no record was edited, removed or inserted since it was")
        .append(" signed) is checked separately, by <code>fairway audit verify</code>.</p>\n");

    h.append("<h2>How it was checked</h2>\n<table>\n<tr><th>Check</th><th>Decisions</th><th>Trials</th>")
        .append("<th>Same choice</th><th>Share</th></tr>\n");
    tr(h, "Recomputed from its record, unchanged: must give exactly the recorded order", c.routed(), c.routed(),
        c.reproduced(), c.reproducedShare());
    tr(h, "Owners' names swapped between the models, no preference applied: must never change the choice",
        c.ownerBlind().decisions(), c.ownerBlind().replays(), c.ownerBlind().identical(),
        c.ownerBlind().identicalShare());
    if (c.underPolicy().decisions() > 0) {
      tr(h, "Owners' names swapped, with the declared house preference applied: the share that kept its choice"
          + " (the rest followed the owners' names; measured, not required)",
          c.underPolicy().decisions(), c.underPolicy().replays(), c.underPolicy().identical(),
          c.underPolicy().identicalShare());
    }
    h.append("</table>\n<p class=\"note\">Swapping owners tries every assignment of the owners' names to the")
        .append(" candidate models (up to six owners; a hundred random ones beyond). If a choice changes when only the")
        .append(" names change, ownership influenced it.</p>\n");
    for (Counterfactual.Mismatch m : c.mismatches()) {
      h.append("<p class=\"note\">Not reproduced: <code>").append(esc(m.id())).append("</code>: ").append(esc(m.why()))
          .append(" (recorded ").append(esc(String.join(", ", m.recorded()))).append("; recomputed ")
          .append(esc(String.join(", ", m.replayed()))).append(")</p>\n");
    }

    h.append("<h2>Declared house preference</h2>\n");
    if (c.policies().isEmpty()) {
      h.append("<p>None: the operator declared no preference for any owner's models.</p>\n");
    } else {
      Counterfactual.PolicyEffect e = c.policyEffect();
      h.append("<p>The operator declared a preference, disclosed with every decision it changed: <code>")
          .append(esc(String.join(", ", c.policies()))).append("</code> (a bonus to the predicted quality, or a")
          .append(" discount on the predicted price, of the named owners' models).</p>\n<table>\n")
          .append("<tr><th>Effect</th><th>Value</th></tr>\n");
      cell(h, "Routed decisions made under it", Long.toString(e.decisions()));
      cell(h, "Choices it changed (the model picked is not the best on merit alone)", e.changed() + " ("
          + pct(e.changedShare()) + " of routed decisions)");
      cell(h, "Predicted quality of the model picked, minus the best-merit model's (per changed choice)",
          e.meanQualityDelta() == null ? "-" : String.format(Locale.ROOT, "%+.4f", e.meanQualityDelta()));
      cell(h, "Predicted price of the model picked, minus the best-merit model's (per changed choice)",
          e.meanCostDeltaUsd() == null ? "-" : String.format(Locale.ROOT, "%+.6f USD", e.meanCostDeltaUsd()));
      h.append("</table>\n");
    }

    h.append("<h2>Owners</h2>\n");
    h.append(plot(r.owners()));
    rows(h, r.owners(), false);
    h.append("<h2>Models</h2>\n");
    rows(h, r.models(), true);
    h.append("<p class=\"note\"><b>Candidate in</b>: share of routed requests the model could take (it passed the")
        .append(" request's requirements: tools, images, context length, price limit, the client's allowed models).")
        .append(" <b>Best merit</b>: share of routed requests where merit alone ranks it first. <b>Chosen</b>: share")
        .append(" where the gateway picked it. <b>Served</b>: share of answered routed requests it finally answered")
        .append(" (after any fallback). Predicted quality is on a 0 to 1 scale; cost is the predicted price of the")
        .append(" call in US dollars.</p>\n");

    h.append("<h2>How the providers were treated</h2>\n<table>\n<tr><th>Owner</th><th>Calls</th><th>Failed</th>")
        .append("<th>Error rate</th><th>Median ms</th><th>95th percentile ms</th></tr>\n");
    for (AuditReport.Dispatch d : r.dispatch()) {
      h.append("<tr><td>").append(esc(d.owner())).append("</td><td>").append(d.attempts()).append("</td><td>")
          .append(d.failed()).append("</td><td>").append(pct(d.errorRate())).append("</td><td>")
          .append(d.p50Ms() == null ? "-" : d.p50Ms()).append("</td><td>").append(d.p95Ms() == null ? "-" : d.p95Ms())
          .append("</td></tr>\n");
    }
    h.append("</table>\n<p class=\"note\">Every call to a model in the period, whether the gateway or the client")
        .append(" chose it. Durations are of successful calls; a call cancelled because another answered first, or")
        .append(" because the client left, counts as neither.</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Share chosen (y) against share of best merit (x) per owner: on the diagonal, choice follows merit. */
  static String plot(List<AuditReport.Row> owners) {
    double max = 0.1;
    for (AuditReport.Row o : owners) {
      max = Math.max(max, Math.max(val(o.bestMeritShare()), val(o.wonShare())));
    }
    for (double nice : new double[] {0.1, 0.2, 0.5, 1.0}) {
      if (max <= nice) {
        max = nice;
        break;
      }
    }
    int size = 360;
    int pad = 56;
    int full = size + 2 * pad;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(full).append("\" height=\"").append(full)
        .append("\" viewBox=\"0 0 ").append(full).append(' ').append(full)
        .append("\" role=\"img\" aria-label=\"Share chosen against share of best merit, per owner\">\n");
    s.append("<rect x=\"").append(pad).append("\" y=\"").append(pad).append("\" width=\"").append(size)
        .append("\" height=\"").append(size).append("\" fill=\"#fafafa\" stroke=\"#999\"/>\n");
    for (int i = 0; i <= 5; i++) {
      double v = max * i / 5;
      int x = pad + (int) Math.round(size * (double) i / 5);
      int y = pad + size - (int) Math.round(size * (double) i / 5);
      s.append("<text x=\"").append(x).append("\" y=\"").append(pad + size + 16)
          .append("\" font-size=\"11\" text-anchor=\"middle\">").append(pct0(v)).append("</text>\n");
      s.append("<text x=\"").append(pad - 6).append("\" y=\"").append(y + 4)
          .append("\" font-size=\"11\" text-anchor=\"end\">").append(pct0(v)).append("</text>\n");
    }
    s.append("<line x1=\"").append(pad).append("\" y1=\"").append(pad + size).append("\" x2=\"").append(pad + size)
        .append("\" y2=\"").append(pad).append("\" stroke=\"#2e7d32\" stroke-dasharray=\"6 4\"/>\n");
    s.append("<text x=\"").append(pad + size - 4).append("\" y=\"").append(pad + 14)
        .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#2e7d32\">neutral: chosen as often as best</text>\n");
    s.append("<text x=\"").append(pad + size / 2).append("\" y=\"").append(pad + size + 36)
        .append("\" font-size=\"12\" text-anchor=\"middle\">share of routed requests where it had the best merit</text>\n");
    s.append("<text x=\"16\" y=\"").append(pad + size / 2).append("\" font-size=\"12\" text-anchor=\"middle\"")
        .append(" transform=\"rotate(-90 16 ").append(pad + size / 2).append(")\">share of routed requests it was chosen for</text>\n");
    List<double[]> labels = new java.util.ArrayList<>();
    for (AuditReport.Row o : owners) {
      double x = pad + size * val(o.bestMeritShare()) / max;
      double y = pad + size - size * val(o.wonShare()) / max;
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#1565c0\">", x, y))
          .append("<title>").append(esc(o.name())).append(": best merit ").append(pct(o.bestMeritShare()))
          .append(", chosen ").append(pct(o.wonShare())).append("</title></circle>\n");
      boolean left = x > pad + size * 0.7; // keep labels near the right edge inside the plot
      double lx = left ? x - 7 : x + 7;
      double ly = y - 6;
      for (boolean moved = true; moved; ) { // owners at the same point get their labels stacked
        moved = false;
        for (double[] l : labels) {
          if (Math.abs(l[0] - lx) < 60 && Math.abs(l[1] - ly) < 12) {
            ly = l[1] + 12;
            moved = true;
          }
        }
      }
      labels.add(new double[] {lx, ly});
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\"%s>", lx, ly,
          left ? " text-anchor=\"end\"" : "")).append(esc(o.name())).append("</text>\n");
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void rows(StringBuilder h, List<AuditReport.Row> rows, boolean models) {
    h.append("<table>\n<tr><th>").append(models ? "Model" : "Owner").append("</th>")
        .append(models ? "<th>Owner</th>" : "")
        .append("<th>Candidate in</th><th>Best merit</th><th>Chosen</th><th>Served</th>")
        .append("<th>Mean predicted quality when chosen</th><th>Mean predicted cost when chosen</th></tr>\n");
    for (AuditReport.Row r : rows) {
      h.append("<tr><td>").append(esc(r.name())).append("</td>");
      if (models) {
        h.append("<td>").append(esc(r.owner())).append("</td>");
      }
      h.append("<td>").append(pct(r.eligibleShare())).append("</td><td>").append(pct(r.bestMeritShare()))
          .append("</td><td>").append(pct(r.wonShare())).append("</td><td>").append(pct(r.servedShare()))
          .append("</td><td>").append(r.meanQualityOfWins() == null ? "-"
              : String.format(Locale.ROOT, "%.3f", r.meanQualityOfWins()))
          .append("</td><td>").append(r.meanCostOfWinsUsd() == null ? "-"
              : String.format(Locale.ROOT, "$%.6f", r.meanCostOfWinsUsd()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void tr(StringBuilder h, String what, long decisions, long trials, long same, Double share) {
    h.append("<tr><td>").append(esc(what)).append("</td><td>").append(decisions).append("</td><td>").append(trials)
        .append("</td><td>").append(same).append("</td><td>").append(pct(share)).append("</td></tr>\n");
  }

  private static void cell(StringBuilder h, String what, String value) {
    h.append("<tr><td>").append(esc(what)).append("</td><td>").append(esc(value)).append("</td></tr>\n");
  }

  private static void dd(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static String title(AuditReport.Verdict v) {
    return switch (v) {
      case NEUTRAL -> "Neutral.";
      case HOUSE_POLICY -> "Declared preference, measured.";
      case NOT_REPRODUCED -> "Not verified.";
      case OWNER_DEPENDENT -> "Not neutral.";
      case NOTHING_ROUTED -> "Nothing to judge.";
    };
  }

  private static String cssClass(AuditReport.Verdict v) {
    return switch (v) {
      case NEUTRAL -> "ok";
      case HOUSE_POLICY -> "policy";
      case NOT_REPRODUCED, OWNER_DEPENDENT -> "bad";
      case NOTHING_ROUTED -> "none";
    };
  }

  private static double val(Double d) {
    return d == null ? 0 : d;
  }

  private static String pct(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String pct0(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  /** Text safe in HTML element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
