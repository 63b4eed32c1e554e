package dev.fairway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboxTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<AutoCloseable> open = new ArrayList<>();
  @TempDir
  Path temp;
  private int dirs;

  private Path newDir() throws IOException {
    return Files.createDirectory(temp.resolve("outbox-" + dirs++));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T t) {
    open.add(t);
    return t;
  }

  private Database database(TestDatabases.Kind kind) {
    TestDatabases.Handle h = keep(TestDatabases.open(kind));
    Database db = keep(Database.open(h.config()));
    ProbeSink.createTable(db);
    return db;
  }

  private static OutboxConfig config(Path dir) {
    return OutboxConfig.defaults(dir).withBatch(100, Duration.ofMillis(5))
        .withRetry(Duration.ofMillis(10), Duration.ofMillis(50)).withCloseTimeout(Duration.ofSeconds(5));
  }

  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "r" + i).toList();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void everyAppendedRecordReachesTheDatabaseOnceAndInOrder(TestDatabases.Kind kind) throws Exception {
    Database db = database(kind);
    Path dir = newDir();
    ProbeSink sink = new ProbeSink();
    Outbox outbox = keep(Outbox.open(config(dir), db, List.of(sink), new SimpleMeterRegistry()));

    for (String id : ids(500)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(500));
    assertThat(sink.batches.get()).isLessThan(500);
    Outbox.Stats s = outbox.stats();
    assertThat(s.committed()).isEqualTo(500);
    assertThat(s.spoolRecords()).isZero();
    assertThat(s.spoolBytes()).isZero();
  }

  @Test
  void aFullMemoryQueueSpillsToTheJournalAndNothingIsLost() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    ProbeSink sink = new ProbeSink();
    sink.down.set(true); // the writer cannot drain, so the queue fills
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outbox outbox = keep(Outbox.open(config(dir).withQueue(8, 1 << 20), db, List.of(sink), registry));

    for (String id : ids(2_000)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }
    Outbox.Stats during = outbox.stats();
    assertThat(during.queued()).isLessThanOrEqualTo(8);
    assertThat(during.spilled()).isGreaterThanOrEqualTo(2_000 - 8 - 100);
    assertThat(during.spoolRecords()).isEqualTo(2_000);
    sink.down.set(false);

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(2_000));
    assertThat(outbox.stats().replayed()).isGreaterThan(0);
    assertThat(registry.get("fairway.outbox.replayed").counter().count()).isGreaterThan(0);
    assertThat(outbox.stats().queued()).isZero();
  }

  @Test
  void aWriterDrainingTheSpillWhileAppendsGoOnReadsEveryRecordFromTheLiveSegment() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    // A queue of two: nearly every record spills, and the writer reads it back from the segment
    // being appended to, often right behind the head.
    Outbox outbox = keep(Outbox.open(config(dir).withQueue(2, 1 << 20).withBatch(7, Duration.ofMillis(1)), db,
        List.of(new ProbeSink()), new SimpleMeterRegistry()));

    for (String id : ids(3_000)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(3_000));
    assertThat(outbox.stats().replayed()).isGreaterThan(0);
    assertThat(outbox.stats().failed()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void recordsNotCommittedBeforeCloseAreWrittenOnTheNextOpenExactlyOnce(TestDatabases.Kind kind) throws Exception {
    Database db = database(kind);
    Path dir = newDir();
    ProbeSink first = new ProbeSink();
    Outbox a = Outbox.open(config(dir).withCloseTimeout(Duration.ZERO), db, List.of(first), new SimpleMeterRegistry());
    for (String id : ids(100)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    assertThat(a.flush(WAIT)).isTrue();
    first.down.set(true);
    for (String id : ids(300).subList(100, 300)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    a.close();
    assertThat(ProbeSink.ids(db)).hasSize(100);

    ProbeSink second = new ProbeSink();
    Outbox b = keep(Outbox.open(config(dir), db, List.of(second), new SimpleMeterRegistry()));
    assertThat(b.stats().appended()).isEqualTo(200);

    assertThat(b.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyInAnyOrderElementsOf(ids(300));
    assertThat(second.records.get()).as("the committed hundred are not replayed").isEqualTo(200);
  }

  @Test
  void aTornTailIsCutOnOpenAndEveryWholeRecordBeforeItIsWritten() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    ProbeSink down = new ProbeSink();
    down.down.set(true);
    Outbox a = Outbox.open(config(dir).withCloseTimeout(Duration.ZERO), db, List.of(down), new SimpleMeterRegistry());
    for (String id : ids(50)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    a.close();
    Path last = segments(dir).getLast();
    // a frame header promising 100 bytes, then only three: what a kill in the middle of a write leaves
    Files.write(last, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);

    Outbox b = keep(Outbox.open(config(dir), db, List.of(new ProbeSink()), new SimpleMeterRegistry()));

    assertThat(b.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(50));
  }

  @Test
  void aDamagedCheckpointReplaysEverythingAndTheSinksSkipWhatTheyHave() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    Outbox a = Outbox.open(config(dir).withSegmentBytes(1 << 20), db, List.of(new ProbeSink()), new SimpleMeterRegistry());
    for (String id : ids(40)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    assertThat(a.flush(WAIT)).isTrue();
    a.close();
    Files.writeString(dir.resolve("checkpoint"), "garbage");

    Outbox b = keep(Outbox.open(config(dir), db, List.of(new ProbeSink()), new SimpleMeterRegistry()));

    assertThat(b.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(40));
  }

  @Test
  void aCheckpointSlotTornByACrashFallsBackToTheOtherSlot() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    Outbox a = Outbox.open(config(dir).withSegmentBytes(1 << 20), db, List.of(new ProbeSink()), new SimpleMeterRegistry());
    for (String id : ids(20)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    assertThat(a.flush(WAIT)).isTrue();
    for (String id : ids(40).subList(20, 40)) {
      a.append("probe", ProbeSink.bytes(id));
    }
    assertThat(a.flush(WAIT)).isTrue();
    a.close();
    // Two slots of 128 bytes, one line each; tear the one that is further along.
    byte[] cp = Files.readAllBytes(dir.resolve("checkpoint"));
    assertThat(cp).hasSize(256);
    String[] lines = new String(cp, java.nio.charset.StandardCharsets.US_ASCII).split("\n");
    assertThat(lines).hasSize(2);
    int newest = Long.parseLong(lines[0].trim().split(" ")[2]) > Long.parseLong(lines[1].trim().split(" ")[2]) ? 0 : 1;
    cp[newest * 128 + 40] ^= 0x55;
    Files.write(dir.resolve("checkpoint"), cp);

    Outbox b = keep(Outbox.open(config(dir), db, List.of(new ProbeSink()), new SimpleMeterRegistry()));

    assertThat(b.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(40));
  }

  @Test
  void committedSegmentsAreDeleted() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    Outbox outbox = keep(Outbox.open(config(dir).withSegmentBytes(512), db, List.of(new ProbeSink()),
        new SimpleMeterRegistry()));

    for (String id : ids(300)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).hasSize(300);
    assertThat(segments(dir)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aRecordTheDatabaseRejectsIsSetAsideAndTheOthersAreWritten() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outbox outbox = keep(Outbox.open(config(dir).withBatch(100, Duration.ofMillis(50)), db, List.of(new ProbeSink()),
        registry));

    outbox.append("probe", ProbeSink.bytes("a"));
    outbox.append("probe", ProbeSink.bytes("bad-1"));
    outbox.append("probe", ProbeSink.bytes("b"));

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyInAnyOrder("a", "b");
    assertThat(outbox.stats().failed()).isEqualTo(1);
    assertThat(registry.get("fairway.outbox.rows.failed").tag("kind", "probe").counter().count()).isEqualTo(1);
    assertThat(registry.get("fairway.outbox.rows.written").tag("kind", "probe").counter().count()).isEqualTo(2);
    assertThat(Files.size(dir.resolve("rejected.frames"))).isPositive();
  }

  @Test
  void aRecordWhoseBytesDoNotDecodeIsSetAsideOnceEvenWhenItsBatchIsRetried() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProbeSink sink = new ProbeSink();
    sink.down.set(true); // the first tries fail: the batch holding the bad record is retried
    Outbox outbox = keep(Outbox.open(config(dir), db, List.of(sink), registry));

    outbox.append("probe", ProbeSink.bytes("a"));
    outbox.append("probe", ProbeSink.bytes("undecodable-1"));
    outbox.append("probe", ProbeSink.bytes("b"));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (registry.get("fairway.outbox.batches.failed").counter().count() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(registry.get("fairway.outbox.batches.failed").counter().count()).isGreaterThanOrEqualTo(2);
    sink.down.set(false);

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactly("a", "b");
    assertThat(outbox.stats().failed()).isEqualTo(1);
    assertThat(registry.get("fairway.outbox.rows.failed").tag("kind", "probe").counter().count()).isEqualTo(1);
    try (var ch = java.nio.channels.FileChannel.open(dir.resolve("rejected.frames"))) {
      JournalFrames frames = new JournalFrames(ch, 0, java.nio.ByteBuffer.allocate(4096));
      assertThat(new String(frames.next().payload(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("undecodable-1");
      assertThat(frames.next()).isNull();
    }
  }

  @Test
  void aReaderWaitingForItsWritesHasTheWriterWriteAtOnceInsteadOfWaitingForTheBatchToFill() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    ProbeSink sink = new ProbeSink();
    // A batch would wait an hour to fill: only the reader's request can get these written within WAIT.
    Outbox outbox = keep(Outbox.open(config(dir).withBatch(100, Duration.ofHours(1)), db, List.of(sink),
        new SimpleMeterRegistry()));

    for (String id : ids(3)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }
    outbox.readYourWrites(WAIT);

    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(3));
    outbox.append("probe", ProbeSink.bytes("later"));
    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).endsWith("later");
  }

  @Test
  void theWriterTakesTheAppendedValueAndDecodesOnlyRecordsReadBackFromTheJournal() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    ProbeSink sink = new ProbeSink();
    Outbox outbox = keep(Outbox.open(config(dir), db, List.of(sink), new SimpleMeterRegistry()));

    // The value stands for what decode would make of the bytes; a different one shows which was used.
    outbox.append("probe", ProbeSink.bytes("from-bytes"), "from-value");
    outbox.append("probe", ProbeSink.bytes("only-bytes"));

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactly("from-value", "only-bytes");
  }

  @Test
  void theWriterPreparesEachStatementOnceAcrossBatchesOnItsConnection() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    try (java.sql.Connection c = db.connection(); Statements s = new Statements(c, db.dialect())) {
      java.sql.PreparedStatement first = s.prepare("INSERT INTO outbox_probe (id, n) VALUES (?, ?)");
      first.setString(1, "left-over");
      first.setInt(2, 1);
      first.addBatch();

      java.sql.PreparedStatement again = s.prepare("INSERT INTO outbox_probe (id, n) VALUES (?, ?)");

      assertThat(again).isSameAs(first);
      assertThat(again.executeBatch()).isEmpty(); // what the last batch left was cleared
      assertThat(s.prepare("SELECT 1")).isNotSameAs(first);
    }
  }

  @Test
  void anOutageIsVisibleInTheMetricsAndTheSpoolDrainsWhenItEnds() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    ProbeSink sink = new ProbeSink();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outbox outbox = keep(Outbox.open(config(dir), db, List.of(sink), registry));
    sink.down.set(true);

    long last = -1;
    for (String id : ids(100)) {
      last = outbox.append("probe", ProbeSink.bytes(id));
    }
    assertThat(outbox.awaitCommitted(last, Duration.ofMillis(200))).isFalse();

    assertThat(registry.get("fairway.outbox.database.available").gauge().value()).isZero();
    assertThat(registry.get("fairway.outbox.outages").counter().count()).isEqualTo(1);
    assertThat(registry.get("fairway.outbox.spool.records").gauge().value()).isEqualTo(100);
    assertThat(registry.get("fairway.outbox.spool.bytes").gauge().value()).isPositive();

    sink.down.set(false);
    assertThat(outbox.awaitCommitted(last, WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).containsExactlyElementsOf(ids(100));
    assertThat(registry.get("fairway.outbox.database.available").gauge().value()).isEqualTo(1);
    assertThat(registry.get("fairway.outbox.spool.records").gauge().value()).isZero();
    assertThat(registry.get("fairway.outbox.outages").counter().count()).isEqualTo(1);
  }

  @Test
  void aJournalInUseCannotBeOpenedTwice() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    keep(Outbox.open(config(dir), db, List.of(new ProbeSink()), new SimpleMeterRegistry()));

    assertThatThrownBy(() -> Outbox.open(config(dir), db, List.of(new ProbeSink()), new SimpleMeterRegistry()))
        .isInstanceOf(StorageException.class).hasMessageContaining("in use");
  }

  @Test
  void aKindNoSinkWritesIsRefused() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Outbox outbox = keep(Outbox.open(config(newDir()), db, List.of(new ProbeSink()),
        new SimpleMeterRegistry()));

    assertThatThrownBy(() -> outbox.append("nobody", new byte[1])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withPeriodicSyncingRecordsStillArrive() throws Exception {
    Database db = database(TestDatabases.Kind.SQLITE);
    Path dir = newDir();
    Outbox outbox = keep(Outbox.open(config(dir).withFsyncInterval(Duration.ofMillis(5)).withSegmentBytes(256), db,
        List.of(new ProbeSink()), new SimpleMeterRegistry()));

    for (String id : ids(100)) {
      outbox.append("probe", ProbeSink.bytes(id));
    }

    assertThat(outbox.flush(WAIT)).isTrue();
    assertThat(ProbeSink.ids(db)).hasSize(100);
  }

  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
    }
  }
}
