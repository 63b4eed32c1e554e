package dev.fairway.cli;

import dev.fairway.neutrality.AuditJson;
import dev.fairway.neutrality.AuditReport;
import dev.fairway.neutrality.Counterfactual;
import dev.fairway.neutrality.ReportPage;
import dev.fairway.neutrality.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fairway audit report}: the neutrality report ({@link AuditReport}) over a window of the
 * log, as a summary on the terminal and, when asked, JSON and a self-contained HTML page.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Report on the neutrality of routing: per owner and per model, how often it had the best merit,"
        + " was chosen and served; the counterfactual replay's findings; a house policy's measured effect; attempt"
        + " latency and error rate per owner.",
        "Exit 0 when the counterfactual holds, 1 when it does not, 2 when the log cannot be read."})
final class ReportCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  AuditCommand.Source source;

  @Mixin
  WindowOptions range;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the report as a self-contained HTML page.")
  Path html;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  Path json;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random owner permutations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    String me = "fairway audit report";
    Window window;
    try {
      window = range.window();
    } catch (IllegalArgumentException e) {
      return CounterfactualCommand.fail(me, 2, e.getMessage());
    }
    Counterfactual audit = new Counterfactual(window, seed);
    AuditReport report = new AuditReport();
    LoggedDecisions.Read read;
    try {
      read = CounterfactualCommand.read(source, window, r -> {
        audit.add(r);
        report.add(r);
      });
    } catch (CounterfactualCommand.Unreadable e) {
      return CounterfactualCommand.fail(me, 2, e.getMessage());
    }
    AuditReport.Result r = report.result(new AuditReport.Source(source.describe(), read.origin(), read.leaves(),
        read.skipped(), read.signedTreeSize(), Instant.now().toString()), window, audit.result());
    try {
      if (json != null) {
        CounterfactualCommand.write(json, AuditJson.text(r));
      }
      if (html != null) {
        CounterfactualCommand.write(html, ReportPage.html(r));
      }
    } catch (IOException e) {
      return CounterfactualCommand.fail(me, 2, "cannot write: " + e.getMessage());
    }
    System.out.println(r.verdictLine());
    System.out.println();
    String fmt = "%-22s %10s %11s %9s %9s %12s %14s%n";
    System.out.printf(Locale.ROOT, fmt, "owner", "candidate", "best merit", "chosen", "served", "mean quality",
        "mean cost USD");
    for (AuditReport.Row o : r.owners()) {
      System.out.printf(Locale.ROOT, fmt, o.name(), pct(o.eligibleShare()), pct(o.bestMeritShare()), pct(o.wonShare()),
          pct(o.servedShare()), o.meanQualityOfWins() == null ? "-" : String.format(Locale.ROOT, "%.3f",
              o.meanQualityOfWins()),
          o.meanCostOfWinsUsd() == null ? "-" : String.format(Locale.ROOT, "%.6f", o.meanCostOfWinsUsd()));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-22s %9s %9s %10s %8s %8s%n", "owner (dispatch)", "calls", "failed", "error rate",
        "p50 ms", "p95 ms");
    for (AuditReport.Dispatch d : r.dispatch()) {
      System.out.printf(Locale.ROOT, "%-22s %9d %9d %10s %8s %8s%n", d.owner(), d.attempts(), d.failed(),
          pct(d.errorRate()), d.p50Ms() == null ? "-" : d.p50Ms(), d.p95Ms() == null ? "-" : d.p95Ms());
    }
    System.out.println();
    System.out.print(r.counterfactual().table());
    if (json != null) {
      System.out.println("wrote " + json);
    }
    if (html != null) {
      System.out.println("wrote " + html);
    }
    return r.counterfactual().holds() ? 0 : 1;
  }

  private static String pct(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
