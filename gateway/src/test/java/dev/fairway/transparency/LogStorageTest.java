package dev.fairway.transparency;

import static dev.fairway.transparency.LogFixtures.CLOCK;
import static dev.fairway.transparency.LogFixtures.append;
import static dev.fairway.transparency.LogFixtures.record;
import static dev.fairway.transparency.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.storage.Database;
import dev.fairway.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The log in a real database, SQLite and PostgreSQL alike: appends, stored subtrees, checkpoints, keys. */
class LogStorageTest {

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void appendsInOrderAndSkipsReplayedRecords(TestDatabases.Kind kind) throws SQLException {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK)) {
      append(db, log, records(0, 5));
      List<LogRecord> replay = new ArrayList<>(records(3, 8));
      replay.add(record(6)); // a duplicate inside one batch, too
      append(db, log, replay);

      List<LogEntry> all = log.entries(0, 100);
      assertThat(all).extracting(LogEntry::decisionId).containsExactly("d-0", "d-1", "d-2", "d-3", "d-4", "d-5", "d-6", "d-7");
      assertThat(all).extracting(LogEntry::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
      assertThat(all.get(2).leafHash()).isEqualTo(Merkle.leafHash(record(2).canonical()));
      assertThat(all.get(2).timeMs()).isEqualTo(record(2).timeMs());
      assertThat(log.entry("d-7").orElseThrow().canonical()).isEqualTo(record(7).canonical());
      assertThat(log.entry("d-8")).isEmpty();
    }
  }

  /**
   * The outbox's first write of records this process made skips the lookup for ones already
   * logged; should one be there all the same, the log's unique key fails that write, and the
   * retry looks and skips it: logged once, the rest in order, nothing set aside.
   */
  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aLiveRecordAlreadyInTheLogIsSkippedOnTheRetryOfItsFirstWrite(TestDatabases.Kind kind,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK);
         dev.fairway.storage.Outbox outbox = dev.fairway.storage.Outbox.open(
             dev.fairway.storage.OutboxConfig.defaults(dir).withBatch(100, Duration.ofSeconds(10))
                 .withRetry(Duration.ofMillis(1), Duration.ofMillis(5)),
             db, List.of(log.sink()), registry)) {
      append(db, log, records(0, 2)); // d-0 and d-1, logged before (as by an earlier try)
      long last = -1;
      for (LogRecord r : records(0, 4)) { // live: d-0 and d-1 again, then d-2 and d-3
        last = outbox.append("decision", r.encode(), r);
      }

      assertThat(outbox.awaitCommitted(last, Duration.ofSeconds(30))).isTrue();
      assertThat(log.entries(0, 100)).extracting(LogEntry::decisionId).containsExactly("d-0", "d-1", "d-2", "d-3");
      assertThat(outbox.stats().failed()).isZero();
      assertThat(registry.counter("fairway.outbox.batches.failed").count()).as("the first write, without the lookup")
          .isEqualTo(1.0);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void storedSubtreesGiveTheSameRootsAndProofsAsTheTreeInMemory(TestDatabases.Kind kind) throws SQLException {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK)) {
      MemoryTree mem = new MemoryTree();
      LogStore store = new LogStore(db.dialect());
      int n = 0;
      int[] batches = {1, 1, 2, 11, 1, 16, 100, 129, 1, 39, 300};
      List<Integer> sizes = new ArrayList<>();
      try (Connection c = db.connection()) {
        for (int b : batches) {
          append(db, log, records(n, n + b));
          for (int i = n; i < n + b; i++) {
            mem.append(Merkle.leafHash(record(i).canonical()));
          }
          n += b;
          sizes.add(n);
          assertThat(store.readState(c).frontier().root()).as("root at %d", n).isEqualTo(mem.root());
          assertThat(Proofs.root(store.subtrees(c, n), n)).as("root from subtrees at %d", n).isEqualTo(mem.root());
        }
        for (long m = 0; m < n; m++) {
          assertThat(Proofs.inclusion(store.subtrees(c, n), m, n)).as("PATH(%d, %d)", m, n)
              .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(Proofs.inclusion(mem, m, n));
        }
        for (int a : sizes) {
          for (int b : sizes) {
            if (a <= b) {
              assertThat(Proofs.consistency(store.subtrees(c, b), a, b)).as("PROOF(%d, %d)", a, b)
                  .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(Proofs.consistency(mem, a, b));
              assertThat(Proofs.inclusion(store.subtrees(c, b), a - 1, b)).as("PATH(%d, %d)", a - 1, b)
                  .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(Proofs.inclusion(mem, a - 1, b));
            }
          }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM tlog_node")) {
          rs.next();
          assertThat(rs.getLong(1)).as("kept nodes for %d leaves", n).isEqualTo(n / 16 + n / 256);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void signsACheckpointWhenTheTreeGrewAndOnlyThen(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, new TransparencySettings(null, Duration.ofSeconds(5)), CLOCK);
         LogFixtures.ManualScheduler scheduler = new LogFixtures.ManualScheduler()) {
      StoredCheckpoint first = log.latestCheckpoint();
      assertThat(first.size()).isZero();
      assertThat(first.root()).isEqualTo(Merkle.emptyRoot());
      assertThat(log.origin()).matches("fairway\\.local/[0-9a-f-]{36}");

      log.start(scheduler);
      assertThat(scheduler.delaysMs).containsExactly(5_000L);
      scheduler.tick();
      assertThat(log.checkpoints(0, 10)).hasSize(1);

      append(db, log, records(0, 3));
      scheduler.tick();
      StoredCheckpoint cp = log.latestCheckpoint();
      assertThat(cp.size()).isEqualTo(3);
      assertThat(cp.signedMs()).isEqualTo(CLOCK.millis());
      Checkpoint body = Checkpoint.parse(log.verifier().verify(cp.note()));
      assertThat(body.origin()).isEqualTo(log.origin());
      assertThat(body.size()).isEqualTo(3);
      assertThat(body.root()).isEqualTo(cp.root());

      scheduler.tick();
      assertThat(log.checkpoints(0, 10)).extracting(StoredCheckpoint::size).containsExactly(0L, 3L);
      scheduler.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void keepsItsKeyAndOriginAcrossRestartsAndCarriesExtensionLines(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind)) {
      String vkey;
      String origin;
      try (Database db = Database.open(h.config());
           TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK)) {
        vkey = log.verifier().text();
        origin = log.origin();
      }
      try (Database db = Database.open(h.config());
           TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK,
               new java.security.SecureRandom(), () -> List.of("house-policy none"))) {
        assertThat(log.verifier().text()).isEqualTo(vkey);
        assertThat(log.origin()).isEqualTo(origin);
        append(db, log, records(0, 1));
        StoredCheckpoint cp = log.checkpointNow();
        assertThat(Checkpoint.parse(log.verifier().verify(cp.note())).extensions()).containsExactly("house-policy none");
      }
      try (Database db = Database.open(h.config());
           TransparencyLog log = TransparencyLog.open(db, new TransparencySettings("audit.example/log", null), CLOCK)) {
        assertThat(log.origin()).isEqualTo("audit.example/log");
        assertThat(log.verifier().publicKey()).isEqualTo(NoteVerifier.parse(vkey).publicKey());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void provesInclusionAgainstTheLatestCheckpointOnly(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK)) {
      append(db, log, records(0, 20));
      log.checkpointNow();
      append(db, log, records(20, 25));

      InclusionProof p = log.inclusionProof("d-7");
      assertThat(p.treeSize()).isEqualTo(20);
      assertThat(p.leafIndex()).isEqualTo(7);
      Checkpoint cp = Checkpoint.parse(log.verifier().verify(p.checkpoint()));
      assertThat(ProofVerifier.verifyInclusion(7, 20, p.leafHash(), p.proof(), cp.root())).isTrue();

      assertThatThrownBy(() -> log.inclusionProof("d-22")).isInstanceOfSatisfying(GatewayError.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_CHECKPOINTED));
      assertThatThrownBy(() -> log.inclusionProof("d-99")).isInstanceOfSatisfying(GatewayError.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.DECISION_NOT_FOUND));
      assertThatThrownBy(() -> log.consistencyProof(3, 21)).isInstanceOfSatisfying(GatewayError.class,
          e -> assertThat(e.param()).isEqualTo("to"));
      assertThatThrownBy(() -> log.consistencyProof(0, 5)).isInstanceOfSatisfying(GatewayError.class,
          e -> assertThat(e.param()).isEqualTo("from"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void refusesToUpdateOrDeleteLogRows(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         TransparencyLog log = TransparencyLog.open(db, TransparencySettings.defaults(), CLOCK)) {
      append(db, log, records(0, 17));
      log.checkpointNow();
      for (String sql : List.of("UPDATE tlog_leaf SET time_ms = 0 WHERE idx = 1", "DELETE FROM tlog_leaf WHERE idx = 16",
          "UPDATE tlog_node SET idx = 5", "DELETE FROM tlog_checkpoint", "DELETE FROM tlog_state",
          "UPDATE tlog_state SET tree_size = 3")) {
        assertThatThrownBy(() -> db.inTransaction(c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
          }
        })).as(sql).hasMessageContaining("append-only");
      }
      assertThat(log.entries(0, 100)).hasSize(17);
    }
  }

  @org.junit.jupiter.api.Test
  void instancesSharingPostgresDrawOneSequenceOfIndexes() throws Exception {
    try (TestDatabases.Handle h = TestDatabases.postgres(); Database a = Database.open(h.config());
         Database b = Database.open(h.config());
         TransparencyLog la = TransparencyLog.open(a, TransparencySettings.defaults(), CLOCK);
         TransparencyLog lb = TransparencyLog.open(b, TransparencySettings.defaults(), CLOCK)) {
      assertThat(lb.verifier().text()).isEqualTo(la.verifier().text());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        Database db = w == 0 ? a : b;
        TransparencyLog log = w == 0 ? la : lb;
        int base = w * 10_000;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 30; i++) {
            append(db, log, records(base + i * 7, base + i * 7 + 7));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      List<LogEntry> all = la.entries(0, 1000);
      assertThat(all).hasSize(420);
      MemoryTree mem = new MemoryTree();
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).index()).isEqualTo(i);
        mem.append(all.get(i).leafHash());
      }
      assertThat(all.stream().map(LogEntry::decisionId).distinct().count()).isEqualTo(420);
      StoredCheckpoint cp = lb.checkpointNow();
      assertThat(cp.size()).isEqualTo(420);
      assertThat(cp.root()).isEqualTo(mem.root());
    }
  }
}
