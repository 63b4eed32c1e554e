package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.config.StorageConfig;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process killed with SIGKILL right after a burst of recorded requests loses none of them: a
 * child JVM records N rows and is killed while its writer is still at work; reopening the outbox
 * on the same journal and database writes what was missing, and every row is there exactly once.
 */
class LedgerKillTest {
  private static final int N = 3_000;

  @TempDir
  Path temp;

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void rowsRecordedBeforeASigkillAreAllWrittenExactlyOnceAfterARestart(TestDatabases.Kind kind) throws Exception {
    Path outboxDir = temp;
    try (TestDatabases.Handle h = TestDatabases.open(kind)) {
      StorageConfig storage = h.config();
      // migrate first, so the child's start is quick
      Database.open(storage).close();
      String target = storage.isPostgres() ? storage.url() : storage.path().toString();
      String java = ProcessHandle.current().info().command().orElse("java");
      Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          LedgerKillChild.class.getName(), outboxDir.toString(), String.valueOf(N), target)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String line;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        line = out.readLine();
        assertThat(line).as("the child's report").startsWith("recorded " + N);
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(child.exitValue()).isEqualTo(137);
      long committedBeforeKill = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));

      try (Database db = Database.open(storage)) {
        long before = count(db, "SELECT count(*) FROM ledger");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Outbox outbox = Outbox.open(OutboxConfig.defaults(outboxDir), db, List.of(new LedgerSink(registry)),
            registry)) {
          assertThat(outbox.flush(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(count(db, "SELECT count(*) FROM ledger")).isEqualTo(N);
        assertThat(count(db, "SELECT count(DISTINCT request_id) FROM ledger")).isEqualTo(N);
        assertThat(LedgerOutageTest.rolledUpRequests(db)).isEqualTo(N);
        // the kill must have left work for the restart, or the test proves nothing
        assertThat(Math.min(before, committedBeforeKill)).isLessThan(N);
      }
    }
  }

  private static long count(Database db, String sql) {
    return db.inTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
