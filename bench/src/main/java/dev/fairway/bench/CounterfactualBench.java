package dev.fairway.bench;

import dev.fairway.neutrality.AuditReport;
import dev.fairway.neutrality.Counterfactual;
import dev.fairway.neutrality.DecisionRecord;
import dev.fairway.neutrality.DecisionRecords;
import dev.fairway.neutrality.Window;
import dev.fairway.routing.RouteInputs;
import dev.fairway.routing.RouteOrder;
import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.Merkle;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the counterfactual audit costs, as a command (not a timed test): makes {@code --records}
 * router decisions the way the router logs them ({@code --candidates} candidates of
 * {@code --owners} owners, the built-in objectives, a house policy on {@code --policy-share} of
 * them), then times, on one thread, parsing their canonical bytes, the counterfactual replay
 * ({@link Counterfactual}: the unchanged replay and every owner permutation, with and without the
 * policy) and the report's tallies. With {@code --export FILE} it also writes them as a log
 * export, for timing the whole CLI ({@code fairway audit counterfactual --export FILE}).
 *
 * <pre>
 * bench/run counterfactual --records 100000
 * bench/run counterfactual --records 100000 --export /tmp/cf-100k.jsonl &amp;&amp; /usr/bin/time -v ./fairway audit counterfactual --export /tmp/cf-100k.jsonl
 * </pre>
 */
@Command(name = "counterfactual", mixinStandardHelpOptions = true,
    description = "Counterfactual audit: parse, replay and permutation time per decision record.")
final class CounterfactualBench implements Callable<Integer> {
  @Option(names = "--records", defaultValue = "100000", description = "Decision records (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--candidates", defaultValue = "8", description = "Candidates per decision (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--owners", defaultValue = "5", description = "Distinct owners among them (default: ${DEFAULT-VALUE}).")
  int owners;

  @Option(names = "--policy-share", defaultValue = "0.5",
      description = "Share of decisions made under a house policy (default: ${DEFAULT-VALUE}).")
  double policyShare;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--export", description = "Also write the records as a log export to this file.")
  Path export;

  @Option(names = "--seed", defaultValue = "7")
  long seed;

  private static final DecisionRecord.Objective[] OBJECTIVES = {
      new DecisionRecord.Objective("utility", null, 50.0, 0.0),
      new DecisionRecord.Objective("threshold", 0.0, null, null),
      new DecisionRecord.Objective("threshold", 0.03, null, null),
      new DecisionRecord.Objective("threshold", 0.1, null, null),
      new DecisionRecord.Objective("utility", null, 2000.0, 0.0)};

  @Override
  public Integer call() throws Exception {
    System.out.printf(Locale.ROOT, "making %,d decision records (%d candidates, %d owners, %.0f%% under a house policy)%n",
        records, candidates, owners, 100 * policyShare);
    List<byte[]> canonical = make();
    long bytes = canonical.stream().mapToLong(b -> b.length).sum();
    System.out.printf(Locale.ROOT, "  %,d canonical bytes (%.0f a record)%n", bytes, (double) bytes / records);
    if (export != null) {
      writeExport(canonical);
      System.out.println("  wrote " + export);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int run = 1; run <= runs; run++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<DecisionRecord> parsed = new ArrayList<>(records);
      for (byte[] b : canonical) {
        parsed.add(DecisionRecords.parse(b));
      }
      long c1 = cpu.getCurrentThreadCpuTime();
      long t1 = System.nanoTime();
      Counterfactual audit = new Counterfactual(Window.ALL, seed);
      parsed.forEach(audit::add);
      Counterfactual.Result r = audit.result();
      long c2 = cpu.getCurrentThreadCpuTime();
      long t2 = System.nanoTime();
      AuditReport report = new AuditReport();
      parsed.forEach(report::add);
      report.result(null, Window.ALL, r);
      long c3 = cpu.getCurrentThreadCpuTime();
      long t3 = System.nanoTime();
      long replays = r.routed() + r.ownerBlind().replays() + r.underPolicy().replays();
      System.out.printf(Locale.ROOT, "run %d: parse %.2f s (%.2f s CPU); counterfactual %.2f s (%.2f s CPU, %.1f µs a"
              + " record, %,d replays, %.2f µs a replay); report tallies %.2f s; holds=%s, policy changed %,d%n",
          run, (t1 - t0) / 1e9, (c1 - c0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, (c2 - c1) / 1e3 / records, replays,
          (c2 - c1) / 1e3 / replays, (t3 - t2) / 1e9, r.holds(), r.policyEffect().changed());
    }
    return 0;
  }

  private List<byte[]> make() {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>(records);
    for (int n = 0; n < records; n++) {
      List<DecisionRecord.Candidate> cands = new ArrayList<>(candidates);
      for (int i = 0; i < candidates; i++) {
        double q = 0.5 + 0.45 * rnd.nextDouble();
        double cost = Math.pow(10, -5 + 3 * rnd.nextDouble());
        cands.add(new DecisionRecord.Candidate("model-" + i, "owner-" + (i % owners), q,
            rnd.nextBoolean() ? "data" : "prior", cost, rnd.nextInt(4) == 0 ? null : 100.0 + rnd.nextInt(900)));
      }
      DecisionRecord.Policy policy = rnd.nextDouble() < policyShare
          ? new DecisionRecord.Policy(List.of("owner-0"), 0.03, 0) : null;
      DecisionRecord.Objective objective = OBJECTIVES[rnd.nextInt(OBJECTIVES.length)];
      DecisionRecord.Route draft = new DecisionRecord.Route("auto", false, null, objective, 0, policy, false, null,
          cands, List.of(), List.of(), null);
      RouteInputs in = DecisionRecords.inputs(draft);
      int[] order = RouteOrder.order(in);
      boolean changed = in.policy().enabled() && order[0] != RouteOrder.meritOnly(in)[0];
      List<String> ids = new ArrayList<>(order.length);
      for (int i : order) {
        ids.add(cands.get(i).model());
      }
      DecisionRecord.Route route = new DecisionRecord.Route("auto", false, "general", objective, 0, policy, changed,
          null, cands, List.of(), ids, "chosen by " + objective.type());
      String id = String.format(Locale.ROOT, "dec-%08d", n);
      DecisionRecord r = new DecisionRecord(DecisionRecord.VERSION, id, 1_741_564_800_000L + n * 864L,
          "/v1/chat/completions", "key-" + (n % 50), null, "auto", "hmac", "cfg", null, route,
          List.of(new DecisionRecord.AttemptEntry(1, ids.get(0), ids.get(0) + "-east", "ok", null, 200 + rnd.nextInt(800))),
          List.of(), new DecisionRecord.Served(ids.get(0), ids.get(0) + "-east", "p"),
          new DecisionRecord.Result(200, "answered", null));
      out.add(DecisionRecords.canonical(r));
    }
    return out;
  }

  private void writeExport(List<byte[]> canonical) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
      w.write(ExportFormat.header(new ExportFormat.Header("bench.local/cf", "bench.local/cf+00000000+AA==", 0)));
      w.write('\n');
      long i = 0;
      for (byte[] c : canonical) {
        DecisionRecord r = DecisionRecords.parse(c);
        w.write(ExportFormat.leaf(new ExportFormat.Leaf(i++, r.id(), r.timeMs(), Merkle.leafHash(c), c)));
        w.write('\n');
      }
      w.write(ExportFormat.end(new ExportFormat.End(i, 0)));
      w.write('\n');
    }
  }
}
