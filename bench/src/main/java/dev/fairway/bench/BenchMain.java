package dev.fairway.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar: {@code load ...} runs the gateway load harness,
 * {@code jmh ...} runs JMH with the given arguments (e.g. {@code jmh OpenAiTranslation -f 1}).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: bench load [options] | bench faults [options] | bench bodies [options]"
          + " | bench transparency [options] | bench recording [options] | bench counterfactual [options]"
          + " | bench jmh [JMH options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "load" -> System.exit(new picocli.CommandLine(new LoadHarness()).execute(rest));
      case "faults" -> System.exit(new picocli.CommandLine(new FaultSuite()).execute(rest));
      case "floor" -> System.exit(new picocli.CommandLine(new HopFloor()).execute(rest));
      case "bodies" -> System.exit(new picocli.CommandLine(new LargeBodies()).execute(rest));
      case "transparency" -> System.exit(new picocli.CommandLine(new TransparencyBench()).execute(rest));
      case "recording" -> System.exit(new picocli.CommandLine(new RecordingBench()).execute(rest));
      case "counterfactual" -> System.exit(new picocli.CommandLine(new CounterfactualBench()).execute(rest));
      case "ledger-outage" -> System.exit(new picocli.CommandLine(new LedgerOutageDrill()).execute(rest));
      case "ledger-report" -> System.exit(new picocli.CommandLine(new LedgerReportBench()).execute(rest));
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      default -> {
        System.err.println("unknown benchmark '" + args[0] + "' (expected load, faults, floor, bodies, transparency,"
            + " recording, counterfactual, ledger-report, ledger-outage or jmh)");
        System.exit(2);
      }
    }
  }
}
