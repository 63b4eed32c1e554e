package dev.fairway.bench;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.config.StorageConfig;
import dev.fairway.ledger.Ledger;
import dev.fairway.ledger.LedgerConfig;
import dev.fairway.ledger.LedgerRow;
import dev.fairway.ledger.LedgerSink;
import dev.fairway.neutrality.DecisionCodec;
import dev.fairway.neutrality.DecisionRecord;
import dev.fairway.neutrality.DecisionRecords;
import dev.fairway.neutrality.PromptDigest;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.transparency.LogRecord;
import dev.fairway.transparency.PendingLeaf;
import dev.fairway.transparency.TransparencyLog;
import dev.fairway.transparency.TransparencySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What recording a request costs in CPU, the outbox writer's share included: records appended as
 * the request path appends them, and written by the real sinks to SQLite in batches of
 * {@code --batch}; the process's CPU time (every thread: the appender, the writer, GC, JIT) over
 * the measured batches, per request. Every record is new (its id counts up): a real insert into a
 * growing table, with its indexes and rollups, as in the gateway. Reported with and without the
 * JIT compiler threads' share (compilation still going on: a one-off, not a per-request cost).
 *
 * <p>Scenarios: {@code ledger} (a typical ledger row through {@link Ledger#record}),
 * {@code ledger-replayed} (the same rows' journal bytes alone, so the writer decodes each: what a
 * replay, or a backlog read back from the journal, costs), {@code decision} (a decision record of
 * a typical canonical size appended to the transparency log), {@code decision-deferred} (as the
 * gateway records one: the prompt's digest, a {@code bench/run load} request's record in its journal
 * form, and the writer making the canonical bytes), {@code both} (a ledger row and a decision
 * record per request, as with the ledger and the audit on).
 *
 * <p>{@code --gap-us} spaces the requests as traffic does (1400: about one gateway's share at
 * concurrency 1 in {@code bench/run load}); a journal write after an idle gap costs several times
 * one in a tight loop (cold caches, and ext4 updates the file's time on most writes then).
 *
 * <pre>
 * bench/run recording                      # tight loop
 * bench/run recording --gap-us 1400        # spaced as at concurrency 1
 * </pre>
 */
@Command(name = "recording", mixinStandardHelpOptions = true,
    description = "CPU per request of recording it (ledger row, decision record), the outbox writer included.")
final class RecordingBench implements Callable<Integer> {
  private static final String ID_PLACEHOLDER = "req_00000000000000000000";
  private static final int CANONICAL_BYTES = 1_100;
  private static final long STARTED_MS = 1_741_600_000_123L;

  @Option(names = "--batch", description = "Requests per writer batch (default: ${DEFAULT-VALUE}).",
      defaultValue = "250")
  int batch;

  @Option(names = "--batches", description = "Measured batches per round (default: ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int batches;

  @Option(names = "--warmup", description = "Batches before measuring (default: ${DEFAULT-VALUE}).",
      defaultValue = "400")
  int warmup;

  @Option(names = "--rounds", description = "Measured rounds per scenario; the median is reported"
      + " (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  int rounds;

  @Option(names = "--gap-us", description = "Microseconds between requests (default: ${DEFAULT-VALUE}: none).",
      defaultValue = "0")
  long gapMicros;

  @Option(names = "--scenarios", split = ",", description = "Which (default: ${DEFAULT-VALUE}).",
      defaultValue = "ledger,ledger-replayed,decision,decision-deferred,both")
  List<String> scenarios;

  private byte[] ledgerTemplate;
  private int idOffset;
  private final byte[] canonical = new byte[CANONICAL_BYTES];
  private long next;
  private final PromptDigest digest = new PromptDigest(new byte[32]);
  private static final ChatRequest PROMPT = ChatRequest.builder("bench")
      .messages(List.of(Message.user("Write one sentence about the sea."))).maxTokens(16).build();
  private static final String CONFIG_HASH = "e83132161bddf6da5411946d4cfcebbf13c68d13257378f70022a6c11264ba08";

  @Override
  public Integer call() throws Exception {
    Arrays.fill(canonical, (byte) 'x');
    ledgerTemplate = LedgerSink.encode(row(ID_PLACEHOLDER));
    idOffset = indexOf(ledgerTemplate, ID_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII)) + 4;
    System.out.printf(Locale.ROOT, "recording: batches of %d, %d warm-up and %d measured per round, %d rounds,"
        + " %d µs between requests, %d cores%n", batch, warmup, batches, rounds, gapMicros,
        Runtime.getRuntime().availableProcessors());
    System.out.println();
    System.out.println("| scenario | CPU per request (median) | min | max | without JIT (median) | min | max |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String s : scenarios) {
      run(s);
    }
    return 0;
  }

  private void run(String scenario) throws Exception {
    Path dir = Files.createTempDirectory("recording-bench-");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Database db = Database.open(StorageConfig.sqlite(dir.resolve("db")));
         TransparencyLog log = TransparencyLog.open(db, new TransparencySettings("bench.fairway/log", null),
             Clock.systemUTC());
         // The writer waits for a whole batch (or 10 s): each batch is one transaction.
         Outbox outbox = Outbox.open(OutboxConfig.defaults(dir.resolve("outbox"))
             .withBatch(recordsPerBatch(scenario), Duration.ofSeconds(10)), db,
             List.of(new LedgerSink(registry), log.sink(DecisionCodec::canonicalOf)), registry);
         Ledger ledger = Ledger.manual(LedgerConfig.defaults(), db, outbox, registry, Clock.systemUTC())) {
      for (int i = 0; i < warmup; i++) {
        oneBatch(scenario, outbox, ledger);
      }
      List<Double> all = new ArrayList<>();
      List<Double> withoutJit = new ArrayList<>();
      long pid = ProcessHandle.current().pid();
      for (int r = 0; r < rounds; r++) {
        ProcessCpu before = ProcessCpu.read(pid);
        for (int i = 0; i < batches; i++) {
          oneBatch(scenario, outbox, ledger);
        }
        ProcessCpu after = ProcessCpu.read(pid);
        double requests = (double) batches * batch;
        long cpu = after.totalMicros() - before.totalMicros();
        all.add(cpu / requests);
        withoutJit.add((cpu - after.jitSince(before)) / requests);
      }
      all.sort(null);
      withoutJit.sort(null);
      System.out.printf(Locale.ROOT, "| %s | **%.1f µs** | %.1f µs | %.1f µs | **%.1f µs** | %.1f µs | %.1f µs |%n",
          scenario, all.get(all.size() / 2), all.getFirst(), all.getLast(), withoutJit.get(withoutJit.size() / 2),
          withoutJit.getFirst(), withoutJit.getLast());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private int recordsPerBatch(String scenario) {
    return scenario.equals("both") ? 2 * batch : batch;
  }

  private void oneBatch(String scenario, Outbox outbox, Ledger ledger) throws InterruptedException {
    long seq = -1;
    for (int i = 0; i < batch; i++) {
      seq = switch (scenario) {
        case "ledger" -> ledger.record(row(nextId()));
        case "ledger-replayed" -> outbox.append(LedgerSink.KIND, ledgerBytes());
        case "decision" -> appendDecision(outbox);
        case "decision-deferred" -> appendDeferredDecision(outbox);
        case "both" -> {
          ledger.record(row(nextId()));
          yield appendDecision(outbox);
        }
        default -> throw new IllegalArgumentException("no scenario " + scenario);
      };
      if (gapMicros > 0) {
        LockSupport.parkNanos(gapMicros * 1_000);
      }
    }
    if (!outbox.awaitCommitted(seq, Duration.ofSeconds(60))) {
      throw new IllegalStateException("the outbox did not commit record " + seq);
    }
  }

  private static LedgerRow row(String id) {
    return LedgerRow.builder(id, STARTED_MS).finishedMs(STARTED_MS + 1_333)
        .key("fw_pub_7f3a9c2e", "search").endUser("user-4821").protocol("openai").endpoint("/v1/chat/completions")
        .requestedModel("auto").served("gpt-4o-mini", "openai", "openai-east").attempts(1).status(200)
        .tokens(1_250, 1_024, 0, 380, 0).cost(new BigDecimal("0.0004209")).latencyMs(1_333).ttftMs(212L)
        .stream(true).decisionId(id).tags(Map.of("env", "prod")).build();
  }

  private String nextId() {
    String n = Long.toString(next++);
    return "req_" + "0".repeat(20 - n.length()) + n;
  }

  private byte[] ledgerBytes() {
    byte[] b = ledgerTemplate.clone();
    String id = nextId();
    for (int d = 0; d < 20; d++) {
      b[idOffset + d] = (byte) id.charAt(4 + d);
    }
    return b;
  }

  private long appendDecision(Outbox outbox) {
    String id = "dec_" + next++;
    return outbox.append("decision", TransparencyLog.encode(id, STARTED_MS, canonical),
        new LogRecord(id, STARTED_MS, canonical));
  }

  /** As the gateway's audit stage appends a record: digest, journal form, the canonical bytes made by the writer. */
  private long appendDeferredDecision(Outbox outbox) {
    String id = "req_k3v9x2m1q8_" + Long.toString(next++, 36);
    DecisionRecord r = new DecisionRecord(DecisionRecord.VERSION, id, STARTED_MS, "chat.completions", null, null,
        "bench", digest.of(PROMPT), CONFIG_HASH, null,
        new DecisionRecord.Route("explicit", true, null, null, 0, null, false, null,
            List.of(new DecisionRecord.Candidate("bench", "bench", null, null, null, null)), List.of(),
            List.of("bench"), "requested"),
        List.of(new DecisionRecord.AttemptEntry(1, "bench", "mock/bench", "ok", null, 1)), List.of(),
        new DecisionRecord.Served("bench", "mock/bench", "mock"), new DecisionRecord.Result(200, "answered", null));
    return outbox.append("decision", TransparencyLog.encodeDeferred(id, STARTED_MS, DecisionCodec.encode(r)),
        (PendingLeaf) () -> new LogRecord(id, STARTED_MS, DecisionRecords.canonical(r)));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("the request id is not in the row's journal bytes");
  }

}
