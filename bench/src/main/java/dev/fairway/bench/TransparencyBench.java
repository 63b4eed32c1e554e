package dev.fairway.bench;

import dev.fairway.config.StorageConfig;
import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import dev.fairway.transparency.InclusionProof;
import dev.fairway.transparency.LogExport;
import dev.fairway.transparency.LogVerifier;
import dev.fairway.transparency.NoteVerifier;
import dev.fairway.transparency.TransparencyLog;
import dev.fairway.transparency.TransparencySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The transparency log's costs on this machine, as commands (not timed tests): grows a log to
 * {@code --leaves} through the outbox's decision sink in transactions of {@code --batch} records
 * (append throughput), signing a checkpoint every {@code --checkpoint-every} leaves; then times
 * inclusion proofs of random decisions against the latest checkpoint (the work behind
 * {@code GET /transparency/proof/inclusion}); then, with {@code --verify}, checks the whole log
 * as {@code fairway audit verify --db} does. A log already in {@code --dir} is grown, not rebuilt.
 *
 * <pre>
 * bench/run transparency --dir /tmp/tlog-10m --leaves 10000000            # append + proof latency
 * bench/run transparency --dir /tmp/tlog-1m --leaves 1000000 --verify     # + audit verify of 1M leaves
 * </pre>
 */
@Command(name = "transparency", mixinStandardHelpOptions = true,
    description = "Transparency log: append throughput, inclusion-proof latency, audit verify time.")
final class TransparencyBench implements Callable<Integer> {
  @Option(names = "--dir", description = "SQLite storage directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "/tmp/fairway-tlog-bench")
  Path dir;

  @Option(names = "--db-url", description = "A PostgreSQL URL instead of SQLite (jdbc:postgresql://...).")
  String dbUrl;

  @Option(names = "--db-user", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).", defaultValue = "postgres")
  String dbUser;

  @Option(names = "--leaves", description = "Grow the log to this many leaves (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000000")
  long leaves;

  @Option(names = "--batch", description = "Records per sink transaction (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int batch;

  @Option(names = "--record-bytes", description = "Canonical bytes per record (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int recordBytes;

  @Option(names = "--checkpoint-every", description = "Sign a checkpoint every N leaves (default: ${DEFAULT-VALUE},"
      + " 10 s of 2,000 req/s).", defaultValue = "20000")
  long checkpointEvery;

  @Option(names = "--proofs", description = "Inclusion proofs to time (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  int proofs;

  @Option(names = "--verify", description = "Also verify the whole log as 'fairway audit verify --db' does.")
  boolean verify;

  @Override
  public Integer call() throws Exception {
    StorageConfig cfg = dbUrl != null ? StorageConfig.postgres(dbUrl, dbUser, null) : StorageConfig.sqlite(dir);
    try (Database db = Database.open(cfg);
         TransparencyLog log = TransparencyLog.open(db, new TransparencySettings("bench.fairway/log", null),
             Clock.systemUTC())) {
      System.out.println("transparency bench: " + db + ", " + Runtime.getRuntime().availableProcessors() + " cores");
      long have = size(db);
      if (have < leaves) {
        grow(db, log, have);
      }
      log.checkpointNow();
      long size = log.latestCheckpoint().size();
      System.out.printf(Locale.ROOT, "log: %,d leaves, latest checkpoint %,d%n", size(db), size);
      timeProofs(log, size);
      if (verify) {
        timeVerify(db, log);
      }
    }
    return 0;
  }

  private void grow(Database db, TransparencyLog log, long from) {
    SplittableRandom random = new SplittableRandom(42);
    Histogram perBatch = new Histogram(60_000_000_000L, 3);
    long cpu0 = processCpu();
    long start = System.nanoTime();
    long lastReport = start;
    long i = from;
    long cpNanos = 0;
    int cps = 0;
    while (i < leaves) {
      int n = (int) Math.min(batch, leaves - i);
      List<byte[]> records = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        records.add(TransparencyLog.encode(id(i + k), 1_770_000_000_000L + i + k, canonical(i + k, random)));
      }
      long t0 = System.nanoTime();
      db.inTransaction(c -> {
        BatchSink.writeEncoded(log.sink(), c, db.dialect(), records);
        return null;
      });
      perBatch.recordValue(System.nanoTime() - t0);
      long before = i / checkpointEvery;
      i += n;
      if (i / checkpointEvery != before) {
        long c0 = System.nanoTime();
        log.checkpointNow();
        cpNanos += System.nanoTime() - c0;
        cps++;
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        System.out.printf(Locale.ROOT, "  ... %,d leaves (%,.0f/s)%n", i, (i - from) / ((lastReport - start) / 1e9));
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    double cpuUs = (processCpu() - cpu0) / 1e3 / (i - from);
    System.out.printf(Locale.ROOT, "append: %,d records of %d bytes in %.1f s: %,.0f records/s through the sink"
            + " (%d per transaction), %.1f us of process CPU per record; transaction p50 %.2f ms, p99 %.2f ms;"
            + " %d checkpoints signed, %.2f ms each%n",
        i - from, recordBytes, s, (i - from) / s, batch, cpuUs, perBatch.getValueAtPercentile(50) / 1e6,
        perBatch.getValueAtPercentile(99) / 1e6, cps, cps == 0 ? 0 : cpNanos / 1e6 / cps);
  }

  private void timeProofs(TransparencyLog log, long size) {
    SplittableRandom random = new SplittableRandom(7);
    int warm = Math.min(2_000, proofs);
    for (int k = 0; k < warm; k++) {
      log.inclusionProof(id(random.nextLong(size)));
    }
    Histogram h = new Histogram(10_000_000_000L, 3);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    int hashes = 0;
    for (int k = 0; k < proofs; k++) {
      long t0 = System.nanoTime();
      InclusionProof p = log.inclusionProof(id(random.nextLong(size)));
      h.recordValue(System.nanoTime() - t0);
      hashes += p.proof().size();
    }
    double s = (System.nanoTime() - start) / 1e9;
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / proofs;
    System.out.printf(Locale.ROOT, "inclusion proof in a tree of %,d: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
            + " max %.3f ms, mean CPU %.3f ms (%,d proofs, %.1f hashes each, %,.0f proofs/s on one thread)%n",
        size, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6, cpuMs, proofs, hashes / (double) proofs, proofs / s);
    Histogram c = new Histogram(10_000_000_000L, 3);
    for (int k = 0; k < Math.min(proofs, 5_000); k++) {
      long a = 1 + random.nextLong(size);
      long b = a + random.nextLong(size - a + 1);
      long t0 = System.nanoTime();
      log.consistencyProof(a, b);
      c.recordValue(System.nanoTime() - t0);
    }
    System.out.printf(Locale.ROOT, "consistency proof between random sizes: p50 %.3f ms, p99 %.3f ms%n",
        c.getValueAtPercentile(50) / 1e6, c.getValueAtPercentile(99) / 1e6);
  }

  private void timeVerify(Database db, TransparencyLog log) {
    String target = dbUrl != null ? dbUrl + (dbUrl.contains("?") ? "&" : "?") + "user=" + dbUser
        : dir.resolve("fairway.db").toString();
    NoteVerifier key = log.verifier();
    long cpu0 = processCpu();
    long start = System.nanoTime();
    LogVerifier.Report r;
    try (LogExport.Lines lines = LogExport.fromDatabase(target, Clock.systemUTC())) {
      r = new LogVerifier(key, null).verify(lines);
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "audit verify (in process, from the database): %,d leaves, %,d checkpoints,"
        + " %,d consistency proofs in %.1f s, %.1f s of process CPU (%,.0f leaves/s)%n", r.leaves(), r.checkpoints(),
        r.consistencyProofs(), s, (processCpu() - cpu0) / 1e9, r.leaves() / s);
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long size(Database db) throws Exception {
    try (Connection c = db.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT tree_size FROM tlog_state WHERE id = 1")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String id(long i) {
    return String.format(Locale.ROOT, "dec-%012d", i);
  }

  /** A record shaped like a decision record: JSON-ish text with varying fields, padded to the size asked. */
  private byte[] canonical(long i, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(recordBytes + 64);
    sb.append("{\"id\":\"").append(id(i)).append("\",\"tenant\":\"t").append(random.nextInt(50))
        .append("\",\"requested\":\"auto\",\"served\":\"m").append(random.nextInt(8))
        .append("\",\"quality\":").append(random.nextInt(1000)).append(",\"pad\":\"");
    while (sb.length() < recordBytes - 2) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    sb.append("\"}");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
