package dev.fairway.cli;

import dev.fairway.transparency.ExportFormat;
import dev.fairway.transparency.LogExport;
import dev.fairway.transparency.LogVerifier;
import dev.fairway.transparency.NoteVerifier;
import dev.fairway.transparency.SignedNote;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fairway audit}: checks what the gateway claims about its routing. {@code verify} checks
 * the transparency log end to end and {@code export} saves it; the counterfactual replay and the
 * neutrality report ({@link CounterfactualCommand}, {@link ReportCommand}) read the same sources.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Audit the gateway's decisions: verify its transparency log, export it, replay its routing"
        + " decisions (counterfactual), or report on its neutrality.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, CounterfactualCommand.class,
        ReportCommand.class})
final class AuditCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Exactly one place to read the log from. */
  static final class Source {
    @Option(names = "--url", paramLabel = "URL", required = true,
        description = "A running gateway (its admin export needs FAIRWAY_MASTER_KEY when the gateway has one).")
    String url;

    @Option(names = "--export", paramLabel = "FILE", required = true, description = "A file written by 'fairway audit export'.")
    Path export;

    @Option(names = "--db", paramLabel = "DB", required = true,
        description = "A gateway database, read-only: the SQLite file (or its storage directory), or a postgresql:// URL.")
    String db;

    LogExport.Lines open() {
      if (url != null) {
        return LogExport.fromGateway(url, System.getenv("FAIRWAY_MASTER_KEY"), Clock.systemUTC());
      }
      if (export != null) {
        return LogExport.fromFile(export);
      }
      return LogExport.fromDatabase(db, Clock.systemUTC());
    }

    /** The source in words, for reports. */
    String describe() {
      if (url != null) {
        return "the gateway at " + url;
      }
      return export != null ? "the export file " + export : "the database " + redacted(db);
    }

    /** A database URL without its password parameter. */
    static String redacted(String target) {
      return target.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify the transparency log: every checkpoint's signature, every leaf against the tree its"
          + " checkpoints sign, and the consistency of successive checkpoints.",
          "Exit 0 when it verifies, 1 when it does not (naming the first bad leaf), 2 when it cannot be read."})
  static final class Verify implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--key", paramLabel = "KEY",
        description = "The log's public key you trust: its verifier key (name+id+base64, as GET /transparency/key"
            + " serves it) or a file holding it. Without it, the key is the one the source itself names.")
    String key;

    @Option(names = "--origin", description = "The origin every checkpoint must carry (default: the key's name).")
    String origin;

    @Option(names = "--checkpoint", paramLabel = "FILE",
        description = "A checkpoint saved earlier (GET /transparency/checkpoint); the log must be consistent with it."
            + " Repeatable.")
    List<Path> saved = List.of();

    @Override
    public Integer call() {
      NoteVerifier trusted = null;
      if (key != null) {
        try {
          trusted = NoteVerifier.parse(readKey(key));
        } catch (SignedNote.NoteException e) {
          return fail(2, "--key: " + e.getMessage());
        } catch (IOException e) {
          return fail(2, "--key: cannot read " + key + ": " + e.getMessage());
        }
      }
      try (LogExport.Lines lines = source.open()) {
        if (!lines.hasNext()) {
          return fail(2, "malformed export: the export is empty");
        }
        ExportFormat.Line first = lines.next();
        NoteVerifier k = trusted;
        if (k == null) {
          k = keyOf(first);
          System.err.println("fairway audit verify: note: checking against the key the log itself names ("
              + k.text() + "); pass --key to check against one you trust");
        }
        LogVerifier verifier = new LogVerifier(k, origin);
        for (Path p : saved) {
          try {
            verifier.trust(Files.readString(p, StandardCharsets.UTF_8), "saved checkpoint " + p);
          } catch (IOException e) {
            return fail(2, "--checkpoint: cannot read " + p + ": " + e.getMessage());
          }
        }
        LogVerifier.Report r = verifier.verify(new Prepend(first, lines));
        System.out.println("fairway audit verify: OK");
        System.out.println("  leaves:        " + r.leaves() + " (each hashes to its leaf hash; no gaps, no repeats)");
        System.out.println("  checkpoints:   " + r.checkpoints() + ", every signature verified with " + k.text());
        System.out.println("  consistency:   " + r.consistencyProofs() + " proofs between successive checkpoints verified");
        System.out.println("  latest signed: tree size " + r.latestSize() + ", root "
            + Base64.getEncoder().encodeToString(r.latestRoot()));
        System.out.println("  not yet signed: " + r.uncovered() + " leaves after the latest checkpoint");
        return 0;
      } catch (LogVerifier.Failure e) {
        return fail(1, "FAILED" + (e.firstBadLeaf() >= 0 ? " at leaf " + e.firstBadLeaf() : "") + ": " + e.getMessage());
      } catch (ExportFormat.MalformedExport e) {
        return fail(2, "malformed export: " + e.getMessage());
      } catch (KeyProblem e) {
        return fail(2, e.getMessage());
      } catch (LogExport.SourceException e) {
        return fail(2, e.getMessage());
      }
    }

    private static NoteVerifier keyOf(ExportFormat.Line headerLine) {
      try {
        if (headerLine instanceof ExportFormat.Header h) {
          return NoteVerifier.parse(h.verifierKey());
        }
      } catch (SignedNote.NoteException e) {
        throw new KeyProblem("malformed export: line 1: " + e.getMessage());
      }
      throw new KeyProblem("malformed export: line 1: an export starts with its header line");
    }

    private static String readKey(String key) throws IOException {
      Path p = Path.of(key.strip());
      if (!key.contains("+") || Files.isRegularFile(p)) {
        return Files.readString(p, StandardCharsets.UTF_8).strip();
      }
      return key;
    }

    private static int fail(int code, String message) {
      System.err.println("fairway audit verify: " + message);
      return code;
    }
  }

  /** The header line already read, then the rest. */
  private static final class Prepend implements java.util.Iterator<ExportFormat.Line> {
    private ExportFormat.Line first;
    private final java.util.Iterator<ExportFormat.Line> rest;

    Prepend(ExportFormat.Line first, java.util.Iterator<ExportFormat.Line> rest) {
      this.first = first;
      this.rest = rest;
    }

    @Override
    public boolean hasNext() {
      return first != null || rest.hasNext();
    }

    @Override
    public ExportFormat.Line next() {
      if (first != null) {
        ExportFormat.Line f = first;
        first = null;
        return f;
      }
      return rest.next();
    }
  }

  private static final class KeyProblem extends RuntimeException {
    KeyProblem(String message) {
      super(message, null, false, false);
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Save the transparency log (every checkpoint and leaf, JSON lines) for 'audit verify --export'.")
  static final class Export implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ExportSource source;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the export.")
    Path out;

    static final class ExportSource {
      @Option(names = "--url", paramLabel = "URL", required = true,
          description = "A running gateway (its admin export needs FAIRWAY_MASTER_KEY when the gateway has one).")
      String url;

      @Option(names = "--db", paramLabel = "DB", required = true,
          description = "A gateway database, read-only: the SQLite file (or its storage directory), or a postgresql:// URL.")
      String db;
    }

    @Override
    public Integer call() {
      Path tmp = out.resolveSibling(out.getFileName() + ".partial");
      try (LogExport.Lines lines = source.url != null
          ? LogExport.fromGateway(source.url, System.getenv("FAIRWAY_MASTER_KEY"), Clock.systemUTC())
          : LogExport.fromDatabase(source.db, Clock.systemUTC());
           Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        long n = LogExport.write(lines, w);
        w.close();
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("fairway audit export: wrote " + n + " lines to " + out);
        return 0;
      } catch (LogExport.SourceException e) {
        System.err.println("fairway audit export: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("fairway audit export: cannot write " + out + ": " + e.getMessage());
        return 2;
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
