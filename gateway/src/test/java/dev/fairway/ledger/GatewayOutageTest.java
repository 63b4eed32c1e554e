package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.storage.Outbox;
import dev.fairway.testing.Eventually;
import dev.fairway.testing.PgServer;
import dev.fairway.testing.PricedCalls;
import dev.fairway.testing.PricedCalls.Answer;
import dev.fairway.testing.TestDatabases;
import dev.fairway.testing.TestGateway;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL crash under live traffic, at gateway level: the gateway runs on a PostgreSQL of the
 * test's own, clients keep calling it (whole answers and streams) while the server is stopped with
 * {@code pg_ctl stop -m immediate} and started again. The ledger must never fail a request, and
 * once the server is back every answered request must have exactly one ledger row with the cost
 * its client was told, one rollup count and one transparency-log leaf.
 *
 * <p>The memory queue is kept small (64 records) so that the outage overflows it and the writer
 * has to read records back from the journal, as a long outage at a high rate would make it.
 */
class GatewayOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int QUEUE = 64;
  /** Requests answered while the database is down: 400 records, far past the queue. */
  private static final int DURING = 200;

  @TempDir
  Path temp;

  @Test
  void aPostgresCrashUnderTrafficFailsNoRequestAndEveryAnsweredRequestIsInTheLedgerExactlyOnce() throws Exception {
    assumeTrue(PgServer.binaries().isPresent(), "PostgreSQL binaries not installed");
    try (PgServer pg = PgServer.launch();
         TestDatabases.Handle db = TestDatabases.postgres("127.0.0.1", pg.port());
         TestGateway t = TestGateway.start("""
             storage: {url: "%s", user: %s, path: "%s"}
             ledger: {queue_capacity: %d, batch_size: 32}
             providers:
               mock: {protocol: openai, base_url: "${MOCK}/v1"}
             models:
               - {id: m, owner: o, prices: {input: 3, output: 15}, context_window: 8000, deployments: [{provider: mock}]}
             """.formatted(db.config().url(), db.config().user(), temp.resolve("data"), QUEUE));
         PricedCalls calls = new PricedCalls(t.gateway.port(), 4)) {
      Outbox outbox = t.gateway.outbox();
      Traffic traffic = new Traffic(calls, 4);

      Eventually.within(WAIT, "rows written before the outage",
          () -> traffic.answered() >= 50 && outbox.stats().committed() >= 50);
      pg.crash();
      Eventually.within(WAIT, "the writer notices the outage", () -> !outbox.stats().databaseAvailable());
      int atNotice = traffic.answered();
      Eventually.within(WAIT, "requests answered during the outage", () -> traffic.answered() >= atNotice + DURING);
      Outbox.Stats during = outbox.stats();
      assertThat(during.databaseAvailable()).isFalse();
      assertThat(during.queued()).as("the memory queue stays within its bound").isLessThanOrEqualTo(QUEUE);
      assertThat(during.spoolRecords()).as("records waiting in the journal").isGreaterThanOrEqualTo(2L * DURING);
      pg.start();
      int atStart = traffic.answered();
      Eventually.within(WAIT, "requests answered after the outage", () -> traffic.answered() >= atStart + 50);
      List<Answer> answered = traffic.stop();

      assertThat(traffic.failures).as("calls that failed").isEmpty();
      assertThat(answered).allSatisfy(a -> assertThat(a.complete()).as(a.toString()).isTrue());
      assertThat(outbox.flush(WAIT)).as("the journal drains once the database is back").isTrue();
      assertThat(outbox.stats().spoolRecords()).isZero();
      assertThat(outbox.stats().spilled()).as("appends that found the memory queue full").isPositive();
      assertThat(outbox.stats().replayed()).as("records read back from the journal").isPositive();
      assertThat(t.http.metric("fairway_outbox_outages_total")).as("the outage shows").isPositive();
      assertThat(t.http.metric("fairway_outbox_database_available")).isEqualTo(1);
      // rows count as inserted once their transaction commits, not when a batch the outage rolled back ran
      assertThat(t.http.metric("fairway_ledger_rows_inserted_total")).isEqualTo(answered.size());

      LedgerFacts facts = LedgerFacts.read(db.config());
      assertThat(facts.rowsPerRequest()).as("one row per answered request, no other")
          .isEqualTo(answered.stream().collect(Collectors.toMap(Answer::requestId, a -> 1L)));
      for (Answer a : answered) {
        assertThat(facts.costs().get(a.requestId())).as("cost of " + a.requestId()).isEqualByComparingTo(a.cost());
      }
      assertThat(facts.rolledUp()).isEqualTo(answered.size());
      assertThat(facts.leaves())
          .containsExactlyInAnyOrderElementsOf(answered.stream().map(Answer::decisionId).toList());
      JsonNode spend = t.http.get("/admin/spend?group_by=model&from=2020-01-01&to=2100-01-01").json();
      assertThat(spend.path("requests").asLong()).isEqualTo(answered.size());
      assertThat(new BigDecimal(spend.path("total_cost_usd").asText()))
          .isEqualByComparingTo(answered.stream().map(Answer::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
      assertThat(answered.stream().filter(Answer::stream)).as("streams among them").isNotEmpty();
    }
  }

  /**
   * Clients calling back to back until stopped, one in four a stream; every answer is kept, every
   * call that failed (no answer at all) too.
   */
  static final class Traffic {
    private final PricedCalls calls;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch done;
    private final AtomicInteger sent = new AtomicInteger();

    Traffic(PricedCalls calls, int clients) {
      this.calls = calls;
      this.done = new CountDownLatch(clients);
      for (int i = 0; i < clients; i++) {
        next();
      }
    }

    private void next() {
      if (stopping.get()) {
        done.countDown();
        return;
      }
      int n = sent.getAndIncrement();
      calls.chat("m", "call " + n + " ?".repeat(n % 5), n % 4 == 3).whenComplete((a, e) -> {
        if (e != null) {
          failures.add(e);
        } else {
          answers.add(a);
        }
        next();
      });
    }

    int answered() {
      return answers.size();
    }

    /** Stops sending and returns every answer once the calls in flight are in. */
    List<Answer> stop() throws InterruptedException {
      stopping.set(true);
      assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("calls in flight ended").isTrue();
      return List.copyOf(answers);
    }
  }
}
