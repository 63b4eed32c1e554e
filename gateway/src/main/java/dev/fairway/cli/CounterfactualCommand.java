package dev.fairway.cli;

import dev.fairway.neutrality.AuditJson;
import dev.fairway.neutrality.Counterfactual;
import dev.fairway.neutrality.DecisionRecord;
import dev.fairway.neutrality.Window;
import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.LogExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fairway audit counterfactual}: replays every logged router decision in a window from its
 * recorded inputs ({@link Counterfactual}) and says whether they all reproduce and whether owners
 * ever mattered without a house policy.
 */
@Command(name = "counterfactual", mixinStandardHelpOptions = true,
    description = {"Replay every routed decision in the log from its recorded inputs: unchanged (it must give the"
        + " recorded order), then with the models' owners permuted (without a house policy the choice must never"
        + " move; with one, how often it follows the owners is measured, with the policy's effect).",
        "Exit 0 when every decision reproduces and no owner-blind replay moved, 1 when not, 2 when the log cannot"
            + " be read."})
final class CounterfactualCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  AuditCommand.Source source;

  @Mixin
  WindowOptions range;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the findings as JSON to FILE.")
  Path json;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the random owner permutations, used for decisions with more than six owners (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    String me = "fairway audit counterfactual";
    Window window;
    try {
      window = range.window();
    } catch (IllegalArgumentException e) {
      return fail(me, 2, e.getMessage());
    }
    Counterfactual audit = new Counterfactual(window, seed);
    LoggedDecisions.Read read;
    try {
      read = read(source, window, audit::add);
    } catch (Unreadable e) {
      return fail(me, 2, e.getMessage());
    }
    Counterfactual.Result r = audit.result();
    if (json != null) {
      try {
        write(json, AuditJson.text(r));
      } catch (IOException e) {
        return fail(me, 2, "cannot write " + json + ": " + e.getMessage());
      }
    }
    System.out.println(me + ": " + (r.holds() ? "HOLDS" : "FAILS") + " (" + r.reproduced() + " of " + r.routed()
        + " routed decisions reproduced; " + r.ownerBlind().identical() + " of " + r.ownerBlind().replays()
        + " owner-permuted replays without a house policy kept their choice)");
    System.out.println("log: " + (read.origin() == null ? "?" : read.origin()) + ", " + read.leaves() + " leaves"
        + (read.skipped() > 0 ? " (" + read.skipped() + " not decision records, skipped)" : "")
        + (read.outside() > 0 ? ", " + read.outside() + " records outside the window" : ""));
    System.out.print(r.table());
    if (json != null) {
      System.out.println("wrote " + json);
    }
    return r.holds() ? 0 : 1;
  }

  /** Feeds {@code sink} the source's decision records in {@code window}; throws {@link Unreadable} with a message. */
  static LoggedDecisions.Read read(AuditCommand.Source source, Window window, Consumer<DecisionRecord> sink) {
    try (LogExport.Lines lines = source.open()) {
      return LoggedDecisions.read(lines, window, sink);
    } catch (LogExport.SourceException e) {
      throw new Unreadable(e.getMessage());
    } catch (ExportFormat.MalformedExport e) {
      throw new Unreadable("malformed export: " + e.getMessage());
    }
  }

  /** Writes {@code text} to {@code file} whole or not at all. */
  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static int fail(String command, int code, String message) {
    System.err.println(command + ": " + message);
    return code;
  }

  /** The log cannot be read; the message says why. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }
}
