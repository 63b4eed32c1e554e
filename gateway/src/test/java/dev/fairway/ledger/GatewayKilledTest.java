package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.config.StorageConfig;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Eventually;
import dev.fairway.testing.GatewayProcess;
import dev.fairway.testing.Http;
import dev.fairway.testing.PricedCalls;
import dev.fairway.testing.PricedCalls.Answer;
import dev.fairway.testing.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing lost" at gateway level: {@code fairway serve} runs as a child JVM on SQLite, answers a
 * burst of plain and streamed requests, and is killed with SIGKILL right after the last answer.
 * Restarted on the same configuration, the gateway must hold exactly one ledger row (with the cost
 * the client was told) and one transparency-log leaf per answered request; replaying the same
 * journal once more must add nothing.
 *
 * <p>Whether a writer is still behind at the instant of a kill is a race, and a test that proves
 * nothing when the race goes the other way proves nothing. So the first half of the burst is let
 * through to the database, and during the second half the test holds SQLite's write lock (the
 * writer then waits, as it would on a busy disk): the kill provably leaves the second half in the
 * journal only, beyond a checkpoint the first half moved.
 */
class GatewayKilledTest {
  private static final int PLAIN = 60;
  private static final int STREAMED = 40;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  @Test
  void everyAnsweredRequestIsInTheLedgerOnceAfterASigkillAndReplayingTheJournalAgainAddsNothing() throws Exception {
    try (MockServer mock = MockServer.start(MockServer.Config.loopback(0))) {
      StorageConfig storage = StorageConfig.sqlite(temp.resolve("data"));
      Path config = Files.writeString(temp.resolve("fairway.yaml"), """
          server: {port: 0}
          catalog: {builtin: false}
          storage: {path: "%s"}
          providers:
            mock: {protocol: openai, base_url: "%s/v1"}
          models:
            - {id: m, owner: o, prices: {input: 3, output: 15}, context_window: 8000, deployments: [{provider: mock}]}
          """.formatted(storage.path(), mock.baseUrl()));

      Killed killed = burstThenKill(config, storage);
      List<Answer> answered = killed.answered();
      int committedAtKill = killed.committed();
      assertThat(answered).hasSize(PLAIN + STREAMED)
          .allSatisfy(a -> assertThat(a.complete()).as(a.toString()).isTrue());
      assertThat(answered.stream().filter(Answer::stream)).hasSize(STREAMED);
      Map<String, Long> once = answered.stream().collect(Collectors.toMap(Answer::requestId, a -> 1L));
      int uncommitted = answered.size() - committedAtKill;

      LedgerFacts atKill = facts(storage);
      assertThat(atKill.rowsPerRequest()).as("rows in the database at the kill").hasSize(committedAtKill);
      assertThat(atKill.leaves()).hasSize(committedAtKill);
      Path outbox = storage.path().resolve("outbox");
      Path journalAtKill = copy(outbox, temp.resolve("outbox-at-kill"));

      // Restart on the same configuration: the journal's tail is replayed.
      try (Gateway restarted = start(config)) {
        Http http = new Http("http://127.0.0.1:" + restarted.port());
        Map<String, JsonNode> rows = new HashMap<>();
        Eventually.within(WAIT, "every answered request in /admin/requests", () -> {
          rows.clear();
          rows.putAll(requestLog(http));
          return rows.keySet().containsAll(once.keySet());
        });
        assertThat(restarted.outbox().flush(WAIT)).isTrue();
        for (Answer a : answered) {
          JsonNode r = rows.get(a.requestId());
          assertThat(new BigDecimal(r.path("cost_usd").asText())).as("cost of " + a.requestId())
              .isEqualByComparingTo(a.cost());
          assertThat(r.path("decision_id").asText()).isEqualTo(a.decisionId());
          assertThat(r.path("stream").asBoolean()).isEqualTo(a.stream());
          assertThat(r.path("status").asInt()).isEqualTo(200);
        }
        // the restart read back exactly what the kill left uncommitted: a ledger record and a decision per request
        assertThat(restarted.outbox().stats().replayed()).isEqualTo(2L * uncommitted);
        assertThat(spendTotal(http)).isEqualByComparingTo(sum(answered));
      }
      LedgerFacts afterRestart = facts(storage);
      assertThat(afterRestart.rowsPerRequest()).isEqualTo(once);
      for (Answer a : answered) {
        assertThat(afterRestart.costs().get(a.requestId())).isEqualByComparingTo(a.cost());
      }
      assertThat(afterRestart.rolledUp()).isEqualTo(answered.size());
      assertThat(afterRestart.leaves()).containsExactlyInAnyOrderElementsOf(decisionIds(answered));

      // Once more from the journal as the kill left it (as if the restart had died between its commit
      // and its checkpoint): every replayed record is one the database already has.
      TestDatabases.deleteTree(outbox);
      copy(journalAtKill, outbox);
      Answer late;
      try (Gateway again = start(config); PricedCalls calls = new PricedCalls(again.port(), 1)) {
        late = calls.chat("m", "after the replay", false).get(30, TimeUnit.SECONDS);
        assertThat(late.complete()).isTrue();
        assertThat(again.outbox().flush(WAIT)).isTrue();
        assertThat(again.outbox().stats().replayed()).isEqualTo(2L * uncommitted);
        Http http = new Http("http://127.0.0.1:" + again.port());
        assertThat(http.metric("fairway_ledger_rows_duplicate_total")).isEqualTo(uncommitted);
        assertThat(http.metric("fairway_ledger_rows_inserted_total")).isEqualTo(1);
        List<Answer> all = Stream.concat(answered.stream(), Stream.of(late)).toList();
        assertThat(spendTotal(http)).isEqualByComparingTo(sum(all));
      }
      LedgerFacts afterReplay = facts(storage);
      once.put(late.requestId(), 1L);
      assertThat(afterReplay.rowsPerRequest()).isEqualTo(once);
      assertThat(afterReplay.rolledUp()).isEqualTo(answered.size() + 1);
      assertThat(afterReplay.leaves()).hasSize(answered.size() + 1).doesNotHaveDuplicates();
    }
  }

  /** What the killed child answered, and how many of those it had committed before the kill. */
  private record Killed(List<Answer> answered, int committed) {}

  /**
   * Runs the gateway as a child, lets half a burst reach the database, holds SQLite's write lock
   * through the other half, and kills the child with SIGKILL as soon as the last answer is in.
   */
  private Killed burstThenKill(Path config, StorageConfig storage) throws Exception {
    List<Answer> answered = new ArrayList<>();
    try (GatewayProcess child = GatewayProcess.start(config, temp.resolve("child.log"), WAIT);
         PricedCalls calls = new PricedCalls(child.port(), 8)) {
      answered.addAll(calls.burst("m", PLAIN / 2, STREAMED / 2));
      int committed = answered.size();
      Eventually.within(WAIT, "the first half's rows and leaves in the database", () -> {
        LedgerFacts f = facts(storage);
        return f.rowsPerRequest().size() == committed && f.leaves().size() == committed;
      });
      try (Connection lock = LedgerFacts.connect(storage); Statement s = lock.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // SQLite's write lock: the child's writer cannot commit
        answered.addAll(calls.burst("m", PLAIN - PLAIN / 2, STREAMED - STREAMED / 2));
        assertThat(child.kill()).as("the child's exit status: killed by signal 9").isEqualTo(GatewayProcess.SIGKILLED);
        s.execute("ROLLBACK");
      }
      assertThat(child.output()).as("no shutdown hook ran").doesNotContain("outbox: stopping");
      return new Killed(answered, committed);
    }
  }

  private static Gateway start(Path config) {
    GatewayConfig cfg = ConfigLoader.load(config, Map.of());
    return Gateway.start(cfg);
  }

  private static LedgerFacts facts(StorageConfig storage) {
    try {
      return LedgerFacts.read(storage);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, JsonNode> requestLog(Http http) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode r : http.get("/admin/requests?limit=1000").json().path("data")) {
      out.put(r.path("request_id").asText(), r);
    }
    return out;
  }

  private static BigDecimal spendTotal(Http http) {
    JsonNode spend = http.get("/admin/spend?group_by=model&from=2020-01-01&to=2100-01-01").json();
    return new BigDecimal(spend.path("total_cost_usd").asText());
  }

  private static BigDecimal sum(List<Answer> answers) {
    return answers.stream().map(Answer::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static List<String> decisionIds(List<Answer> answers) {
    return answers.stream().map(Answer::decisionId).toList();
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
