package dev.fairway.bench;

import dev.fairway.config.StorageConfig;
import dev.fairway.ledger.Ledger;
import dev.fairway.ledger.LedgerConfig;
import dev.fairway.ledger.LedgerRow;
import dev.fairway.ledger.LedgerSink;
import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request path pays to record a request: {@link Outbox#append} of a typical ledger row's
 * bytes (a length+CRC frame written to the journal, then offered to the memory queue), and
 * {@link Ledger#record} (the row encoded to JSON, then appended); single-threaded and from two
 * threads at once (two event loops). The writer drains into a sink that keeps nothing, so the
 * journal's segments are deleted as they are committed and the disk stays out of the picture,
 * as it does at real request rates.
 *
 * <p>Run: {@code bench/run jmh OutboxBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class OutboxBenchmark {
  private Path dir;
  private Database db;
  private Outbox outbox;
  private Ledger ledger;
  private LedgerRow row;
  private byte[] bytes;

  /** Keeps nothing: isolates the request path's cost from the database's. */
  static final class Discard implements BatchSink<byte[]> {
    private final String kind;

    Discard(String kind) {
      this.kind = kind;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public Class<byte[]> type() {
      return byte[].class;
    }

    @Override
    public byte[] decode(byte[] record) {
      return record;
    }

    @Override
    public void write(Batch batch, List<byte[]> records) {
      // nothing
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("outbox-bench-");
    db = Database.open(StorageConfig.sqlite(dir.resolve("db")));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    outbox = Outbox.open(OutboxConfig.defaults(dir.resolve("outbox")), db,
        List.of(new Discard(LedgerSink.KIND), new Discard("bytes")), registry);
    ledger = Ledger.manual(LedgerConfig.defaults(), db, outbox, registry, Clock.systemUTC());
    row = LedgerRow.builder("req_01JQ7ZK3M9X4TQ2W8V6B5N3C1D", 1_741_600_000_123L).finishedMs(1_741_600_001_456L)
        .key("fw_pub_7f3a9c2e", "search").endUser("user-4821").protocol("openai").endpoint("/v1/chat/completions")
        .requestedModel("auto").served("gpt-4o-mini", "openai", "openai-east").attempts(1).status(200)
        .tokens(1_250, 1_024, 0, 380, 0).cost(new BigDecimal("0.0004209")).latencyMs(1_333).ttftMs(212L)
        .stream(true).decisionId("dec_01JQ7ZK3MA").tags(Map.of("env", "prod", "feature", "chat")).build();
    bytes = new byte[560];
    java.util.Arrays.fill(bytes, (byte) 'x');
  }

  @TearDown(Level.Trial)
  public void close() {
    ledger.close();
    outbox.close();
    db.close();
  }

  @Benchmark
  public long append() {
    return outbox.append("bytes", bytes);
  }

  @Benchmark
  @Threads(2)
  public long appendFromTwoThreads() {
    return outbox.append("bytes", bytes);
  }

  @Benchmark
  public long recordRow() {
    return ledger.record(row);
  }

  @Benchmark
  @Threads(2)
  public long recordRowFromTwoThreads() {
    return ledger.record(row);
  }
}
